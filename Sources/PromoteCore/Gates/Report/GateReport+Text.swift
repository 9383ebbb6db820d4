import Foundation
import PromoteModel

extension GateReport {
    /// What `promote gate` prints: the verdict, where the rules came from, then each gate with its reason and the
    /// records it judged.
    public func renderText() -> String {
        var lines = ["\(stage) gates for \(commit.prefix(7)): \(verdict == .pass ? "PASS" : "BLOCKED")"]
        lines.append(
            "rules: stages/\(stage).json and stages/allowed_signers on \(rules.branch) at \(rules.commit.prefix(7))")
        if let warning = rules.warning { lines.append("warning: \(warning)") }
        lines.append("range: \(range.describe())")
        if gates.isEmpty { lines.append("\(stage) defines no gates: every commit may enter") }
        let width = gates.map(\.name.count).max() ?? 0
        for gate in gates {
            let verdict = gate.verdict == .pass ? "pass   " : "BLOCKED"
            lines.append(
                "  \(gate.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(verdict)  \(gate.reason)")
            lines += gate.evidenceLines().map { "      " + $0 }
        }
        if verdict == .blocked {
            lines.append("blocked by \(blocking.map(\.name).joined(separator: ", "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension RangeSummary {
    /// "2 commits since tst's head 1a2b3c4" and the like.
    func describe() -> String {
        let count = commits.count == 1 ? "1 commit" : "\(commits.count) commits"
        let base = self.base.map { String($0.prefix(7)) } ?? ""
        let people = self.people.isEmpty ? "" : "; written by \(self.people.joined(separator: ", "))"
        switch basis {
        case .branchHead: return "\(count) after the stage's head \(base)\(people)"
        case .promotion: return "\(count) of the recorded promotion from \(base)\(people)"
        case .lastDeploy: return "\(count) since the stage's last successful deploy of \(base)\(people)"
        case .commitOnly: return "the commit alone (no earlier state of the stage is recorded)\(people)"
        }
    }
}

extension GateResult {
    /// One line per record judged.
    func evidenceLines() -> [String] {
        var lines: [String] = []
        for approval in approvals ?? [] {
            let who = approval.approver ?? "?"
            let what = approval.revoke ? "revocation" : "approval"
            var line = "\(approval.verdict.rawValue)  \(what) by \(who)"
            if let at = approval.at { line += " at \(at)" }
            line += ": \(approval.reason)"
            if let comment = approval.comment, !comment.isEmpty { line += " — \"\(comment)\"" }
            lines.append(line)
        }
        for test in tests ?? [] {
            lines.append(
                "\(test.verdict.rawValue)  run of \(test.hook) at \(test.finishedAt ?? "?"): \(test.outcome ?? "?") (exit \(test.exitCode.map(String.init) ?? "?")): \(test.reason)"
            )
        }
        for deployment in deployments ?? [] {
            lines.append(
                "\(deployment.verdict.rawValue)  deploy of \(deployment.commit.prefix(7)) to \(deployment.stage) at \(deployment.finishedAt): \(deployment.outcome): \(deployment.reason)"
            )
        }
        if let metric {
            for (label, evidence) in [("candidate", metric.candidate), ("current", metric.current)] {
                guard let evidence else { continue }
                lines.append("\(label)  \(evidence.describe(metric.metric))")
            }
        }
        return lines
    }
}

extension MetricEvidence {
    /// `auc 0.84 at step 5 from execution e1 (Churn training) in the deploy of 1a2b3c4 to dev at <time>`.
    func describe(_ metric: String) -> String {
        let value =
            self.value.map { MetricRule.describe(metric, value: $0, step: step) }
            ?? "no \(metric)"
        let execution = executionID.map { " from execution \($0) (\(configuration ?? "?"))" } ?? ""
        return "\(value)\(execution) in the deploy of \(commit.prefix(7)) to \(stage) at \(finishedAt)"
    }
}
