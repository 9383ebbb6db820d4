import AICoreEmulator
import DeployCore
import Foundation
import NIOHTTP1
import PromoteGit
import PromoteModel
import TestSupport
import Testing

@testable import AICore
@testable import PromoteCore

/// A deploy reads what its executions logged to AI Core's tracking API and carries it in its report and record, so
/// that model-quality gates can judge from git alone.
@Suite struct MetricsDeployTests {
    /// The emulator logs a training's loss at each epoch when it completes (epochs 1 and 2 by default).
    @Test func theReportAndTheRecordCarryEachExecutionsMetrics() async throws {
        let harness = try await DeployHarness(repository: try DeployFixtures.repository())
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy()
        #expect(report.outcome == "succeeded", "\(harness.lines.get().suffix(5))")
        let training = try #require(report.executions.first)
        let metrics = try #require(training.metrics, "the completed training's metrics were read")
        #expect(metrics.metrics.map(\.name) == ["loss", "loss"])
        #expect(metrics.metrics.map(\.step) == [1, 2])
        #expect(metrics.last("loss")?.value == 0.2)
        #expect(report.deployments.allSatisfy { $0.metrics == nil })
        #expect(
            harness.lines.get().contains("[execution Configuration CI/CD Example Training] metrics: loss 0.2 (step 2)"))

        // The JSON report carries them under the execution.
        let json = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        let executions = try #require(json["executions"] as? [[String: Any]])
        let logged = try #require((executions.first?["metrics"] as? [String: Any])?["metrics"] as? [[String: Any]])
        #expect(logged.compactMap { $0["step"] as? Int } == [1, 2])

        // The record in git notes names the configuration and keeps every value with its step.
        let workspace = try Workspace(path: harness.repository.path)
        let commit = try workspace.repository.resolve("main")
        try StageDeployment.record(report, repository: workspace.repository, commit: commit)
        let note = try harness.repository.git(["notes", "--ref", StageDeployment.notesRef, "show", "main"])
        let record = try #require(
            try JSONSerialization.jsonObject(with: Data(note.utf8)) as? [String: Any])
        let recorded = try #require((record["executions"] as? [[String: Any]])?.first)
        #expect(recorded["configuration"] as? String == "Configuration CI/CD Example Training")
        let values = try #require((recorded["metrics"] as? [String: Any])?["metrics"] as? [[String: Any]])
        #expect(values.map { $0["value"] as? Double } == [0.3, 0.2])
        #expect(values.map { $0["step"] as? Int } == [1, 2])
        #expect(values.allSatisfy { ($0["timestamp"] as? String)?.isEmpty == false })
    }

    /// The emulator's documented switch: the template's `emulator.promote.dev/metrics` annotation sets the
    /// numbers a completed training logs, at its last epoch, so that each commit's model has its own.
    @Test func theTemplateAnnotationSetsTheModelsMetrics() async throws {
        let training = DeployFixtures.training.replacingFirst(
            #"executables.ai.sap.com/name: "CI/CD example training""#,
            with:
                #"executables.ai.sap.com/name: "CI/CD example training"\#n    emulator.promote.dev/metrics: "auc=0.83, f1 = 0.7, junk, x=y""#
        )
        #expect(training != DeployFixtures.training)
        let harness = try await DeployHarness(
            repository: try DeployFixtures.repository(files: ["templates/train.yaml": training]))
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy()
        #expect(report.outcome == "succeeded", "\(harness.lines.get().suffix(5))")
        let metrics = try #require(report.executions.first?.metrics)
        #expect(metrics.names == ["loss", "auc", "f1"])
        #expect(metrics.last("auc")?.value == 0.83 && metrics.last("auc")?.step == 2)
        #expect(metrics.last("f1")?.value == 0.7)
        #expect(
            harness.lines.get().contains(
                "[execution Configuration CI/CD Example Training] metrics: loss 0.2 (step 2), auc 0.83 (step 2), f1 0.7 (step 2)"
            ))
    }

    /// Tags, custom info and labels written with the tracking API come back; the read pages and names only the
    /// executions asked for.
    @Test func theClientReadsTagsCustomInfoAndLabelsOfTheExecutionsAskedForInPages() async throws {
        let harness = try await DeployHarness(repository: try DeployFixtures.repository()) { $0.pageSize = 1 }
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy()
        #expect(report.outcome == "succeeded")
        let execution = try #require(report.executions.first?.id)
        let client = harness.makeClient()
        defer { Task { await client.shutdown() } }
        let body: JSONValue = [
            "executionId": .string(execution),
            "metrics": [
                [
                    "name": "auc", "value": 0.81, "step": 3, "timestamp": "2026-12-01T10:00:00Z",
                    "labels": [["name": "split", "value": "validation"]],
                ],
                ["name": "auc", "value": 0.84, "step": 7, "timestamp": "2026-12-01T10:05:00Z"],
                ["name": "auc", "value": 0.79, "step": 5, "timestamp": "2026-12-01T10:09:00Z"],
            ],
            "tags": [["name": "model", "value": "churn"]],
            "customInfo": [["name": "notes", "value": "retrained on November's data"]],
        ]
        _ = try await client.call(.PATCH, "/lm/metrics", body: body)

        let read = try await client.metrics(executionIDs: [execution, "unknown-execution-0001"])
        #expect(read.keys.sorted() == [execution])
        let metrics = try #require(read[execution])
        #expect(metrics.last("auc")?.value == 0.84, "the last step counts, not the last logged")
        #expect(metrics.last("loss")?.step == 2)
        #expect(metrics.last("missing") == nil)
        #expect(metrics.names == ["loss", "auc"])
        #expect(metrics.tags == [.init(name: "model", value: "churn")])
        #expect(metrics.customInfo == [.init(name: "notes", value: "retrained on November's data")])
        #expect(metrics.metrics.first { $0.step == 3 }?.labels == [.init(name: "split", value: "validation")])
        #expect(try await client.metrics(executionIDs: []).isEmpty)
    }

    /// A long series keeps the record small: the last values of each metric, the last step among them.
    @Test func theRecordKeepsTheLastValuesOfALongSeries() throws {
        let series = (0..<250).map {
            ExecutionMetrics.Metric(name: "loss", value: 1 / Double($0 + 1), step: $0, timestamp: nil)
        }
        let value = MetricsRecord.value(ExecutionMetrics(metrics: series.reversed()))
        let kept = value["metrics"]?.arrayValue ?? []
        #expect(kept.count == 100)
        #expect(kept.first?["step"]?.intValue == 150 && kept.last?["step"]?.intValue == 249)
        #expect(value["omitted_values"]?.intValue == 150)
    }
}
