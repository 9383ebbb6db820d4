import Foundation

extension UnblockStep {
    /// What stops `plan` and the command for each, in the plan's order: the branches, the checks, then each blocking
    /// gate. A plan that nothing stops gets one step, the promotion itself.
    static func steps(for plan: PromotionPlan) -> [UnblockStep] {
        let from = plan.from.stage
        let to = plan.to.stage
        let commit = plan.from.head.shortSHA
        var steps: [UnblockStep] = []
        if plan.branches.status == .diverged {
            steps.append(
                UnblockStep(
                    gate: "branches",
                    action: "\(plan.to.branch) has commits \(plan.from.branch) lacks: bring them into "
                        + "\(plan.from.branch), or let promote create a merge commit",
                    command: "promote \(from) \(to) --merge"))
        }
        if plan.hasCheckErrors {
            steps.append(
                UnblockStep(
                    gate: "checks",
                    action: "fix the \(plan.checks.errors) check error(s) in \(from)'s templates or deploy config",
                    command: "promote plan \(from) \(to)"))
        }
        let blocking = (plan.gates.results ?? []).filter { $0.verdict == .blocked }
        steps += blocking.map { step(for: $0, from: from, to: to, commit: commit) }
        if plan.gates.results == nil && !plan.gates.passed {
            steps.append(
                UnblockStep(
                    gate: "gates", action: plan.gates.lines.first ?? "the gates could not be evaluated",
                    command: "promote gate \(to) --commit \(commit)"))
        }
        if steps.isEmpty {
            steps.append(
                UnblockStep(gate: "promote", action: "nothing stops it: promote", command: "promote \(from) \(to)"))
        }
        return steps
    }

    /// The step for one blocking gate.
    private static func step(for gate: GateResult, from: String, to: String, commit: String) -> UnblockStep {
        switch gate.kind {
        case .approvals:
            return UnblockStep(
                gate: gate.name, action: "a person \(to) accepts approvals from signs an approval of \(commit)",
                command: "promote approve \(to) --commit \(commit)")
        case .test:
            return UnblockStep(
                gate: gate.name,
                action: "run \(to)'s test hooks on \(commit) (a failing hook needs a fix in \(from) first)",
                command: "promote test \(to) --commit \(commit)")
        case .deployedUpstream:
            return UnblockStep(
                gate: gate.name, action: "deploy \(commit) to \(from) successfully",
                command: "promote deploy \(from) --commit \(commit)")
        case .metric:
            return UnblockStep(
                gate: gate.name,
                action: "the model must meet the bound: improve it on \(from), deploy it there, and plan again",
                command: nil)
        case .hold:
            return UnblockStep(
                gate: gate.name, action: "a person \(to) accepts approvals from signs a release of its hold",
                command: "promote release \(to) --comment \"<why it is safe>\"")
        case .freeze:
            return UnblockStep(
                gate: gate.name,
                action: "wait until the window ends, or break glass with a listed approver's signed approval of "
                    + commit,
                command: "promote \(from) \(to) --break-glass --reason \"<why it cannot wait>\"")
        case .merge, .records, .rules:
            return UnblockStep(
                gate: gate.name, action: gate.reason, command: "promote gate \(to) --commit \(commit)")
        }
    }
}
