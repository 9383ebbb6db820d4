import AICore
import DeployCore
import Foundation
import PromoteModel

/// An execution and what it logged to AI Core's tracking API, as a deploy report or a deploy record holds it: what
/// metric rules (`gates.metrics`, `gates.verify_metrics`) and `promote metrics` read.
struct RecordedExecution {
    let id: String
    let configuration: String?
    let executable: String?
    let metrics: ExecutionMetrics?

    init(_ report: RunReport) {
        id = report.id
        configuration = report.configuration
        executable = report.executableID
        metrics = report.metrics
    }

    /// The `executions` of a deploy record (`MetricsRecord` wrote their `metrics`).
    static func all(in record: JSONObject) -> [RecordedExecution] {
        (record["executions"]?.arrayValue ?? []).map { execution in
            RecordedExecution(
                id: execution["id"]?.stringValue ?? "", configuration: execution["configuration"]?.stringValue,
                executable: execution["executable"]?.stringValue,
                metrics: execution["metrics"].flatMap { try? JSONDecoder().decode(
                    ExecutionMetrics.self, from: Data($0.serialized(sortedKeys: true).utf8)) })
        }
    }

    private init(id: String, configuration: String?, executable: String?, metrics: ExecutionMetrics?) {
        self.id = id
        self.configuration = configuration
        self.executable = executable
        self.metrics = metrics
    }

    /// What a rule finds among a deploy's executions.
    enum Lookup {
        /// The rule's metric at its last step, and the execution that logged it.
        case found(RecordedExecution, ExecutionMetrics.Metric)
        /// Why there is no value; the execution when exactly one matched.
        case missing(String, RecordedExecution?)
    }

    /// The value `rule` judges: its metric at the last step, logged by the one execution the rule names (a
    /// configuration name or executable ID). No such execution, several, or no such metric: missing, never a value.
    static func lookUp(_ rule: MetricRule, in executions: [RecordedExecution]) -> Lookup {
        let matching = executions.filter { $0.configuration == rule.execution || $0.executable == rule.execution }
        guard matching.count == 1, let execution = matching.first else {
            return .missing(
                matching.isEmpty
                    ? "no execution \"\(rule.execution)\" (a configuration name or executable ID)"
                    : "\(matching.count) executions match \"\(rule.execution)\"; name one configuration", nil)
        }
        guard let metric = execution.metrics?.last(rule.metric) else {
            return .missing("execution \(execution.id) (\(execution.configuration ?? "?")) logged no \(rule.metric)", execution)
        }
        return .found(execution, metric)
    }
}
