import AICore
public import DeployCore
public import PromoteGit
public import PromoteModel

/// `gates.verify_metrics`: bounds a stage's own deploy must meet. After a successful deploy, each rule is checked
/// against the metrics its execution logged; one that fails (or has no value) makes the deploy count as failed
/// (exit 3), so `require_deployed_upstream` keeps the commit out of the next stage.
public enum MetricVerification {
    /// One rule and how the deploy fared against it.
    public struct Check: Sendable, Equatable {
        public let rule: MetricRule
        /// The value at the last step, when the execution logged the metric.
        public let value: Double?
        public let passed: Bool
        public let reason: String
    }

    /// Checks the rules of the stage's branch head (the working tree's when that cannot be read, like `verify`
    /// hooks) and marks `report` failed when one does not hold. Nothing is checked after a failed deploy.
    public static func run(
        _ report: inout DeployReport, repository: Repository, stage: Stage, output: DeployOutput
    ) async -> [Check] {
        guard report.outcome == "succeeded" else { return [] }
        let rules = verifyRules(repository: repository, stage: stage)
        guard !rules.isEmpty else { return [] }
        let checks = check(report, rules: rules)
        for check in checks {
            await output.line("verify metric \(check.rule.execution): \(check.rule.bound): \(check.reason)")
        }
        if checks.contains(where: { !$0.passed }) {
            report.outcome = "failed"
            await output.line("a metric did not hold: the deploy of \(stage.name) counts as failed")
        }
        return checks
    }

    /// Each rule against the report's executions (matched by configuration name or executable ID).
    public static func check(_ report: DeployReport, rules: [MetricRule]) -> [Check] {
        let executions = report.executions.map(RecordedExecution.init)
        return rules.map { rule in
            let execution: RecordedExecution
            let metric: ExecutionMetrics.Metric
            switch RecordedExecution.lookUp(rule, in: executions) {
            case .missing(let problem, _):
                return Check(rule: rule, value: nil, passed: false, reason: "\(problem) in this deploy")
            case .found(let found, let value):
                (execution, metric) = (found, value)
            }
            let failures = rule.boundProblems(metric.value)
            let source =
                "\(MetricRule.describe(rule.metric, value: metric.value, step: metric.step)) (execution \(execution.id))"
            return Check(
                rule: rule, value: metric.value, passed: failures.isEmpty,
                reason: failures.isEmpty ? "\(source): pass" : "\(source) is \(failures.joined(separator: " and "))")
        }
    }

    static func verifyRules(repository: Repository, stage: Stage) -> [MetricRule] {
        guard let head = try? StageDeployment.resolveCommit(repository, stage: stage, revision: nil),
            let rules = try? GateRules.load(repository, stageName: stage.name, at: head), let defined = rules.stage
        else { return stage.gates.verifyMetrics }
        return defined.gates.verifyMetrics
    }

    /// The checks as the deploy record stores them (`verify_metrics` key).
    static func recordValue(_ checks: [Check]) -> JSONValue {
        .array(
            checks.map { check in
                [
                    "execution": .string(check.rule.execution), "metric": .string(check.rule.metric),
                    "bound": .string(check.rule.bound), "value": check.value.map(JSONValue.number) ?? .null,
                    "outcome": .string(check.passed ? "passed" : "failed"),
                ]
            })
    }
}
