import AICore
import Foundation
import PromoteModel

extension Deployer {
    // MARK: 7b. metrics

    /// Reads what the executions logged to AI Core's tracking API once the follower is done with them, so the
    /// deploy report and record carry the numbers that model-quality gates judge. A failed read is said in a line,
    /// not turned into a failed deploy: the runs did what they were asked, and a gate that needs a metric the record
    /// lacks blocks anyway.
    func readMetrics(_ executions: inout [RunReport]) async {
        guard !executions.isEmpty else { return }
        let ids = executions.map(\.id)
        let read = await Self.capture { () async throws(AICoreError) in try await client.metrics(executionIDs: ids) }
        switch read {
        case .failure(let error):
            await output.line(
                "could not read the executions' metrics (the deploy record will have none): \(error.localizedDescription)"
            )
        case .success(let metrics):
            for index in executions.indices {
                guard let logged = metrics[executions[index].id] else { continue }
                executions[index].metrics = logged
                let values = logged.names.compactMap { name in logged.last(name).map { Self.describe($0) } }
                guard !values.isEmpty else { continue }
                await output.line(
                    "[execution \(executions[index].configuration)] metrics: \(values.joined(separator: ", "))")
            }
        }
    }

    /// `auc 0.8312 (step 10)`.
    private static func describe(_ metric: ExecutionMetrics.Metric) -> String {
        "\(metric.name) \(MetricRule.format(metric.value))" + (metric.step.map { " (step \($0))" } ?? "")
    }
}
