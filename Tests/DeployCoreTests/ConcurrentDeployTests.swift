import AICore
import AICoreEmulator
import DeployCore
import Foundation
import PromoteModel
import TestSupport
import Testing

/// Independent objects are reconciled concurrently, within `deploy.concurrency`, and still reported in config order.
@Suite struct ConcurrentDeployTests {
    /// Twelve artifacts and nothing else, so every lm call of the deploy is a list or a create of an artifact.
    private static let artifactsOnly: String = {
        let artifacts = (1...12).map { index in
            #"{ "key": "data-\#(index)", "name": "Dataset \#(index)", "kind": "dataset", "url": "ai://default/data/\#(index)", "scenario_id": "cicdexample" }"#
        }
        return #"{ "clean_up": false, "artifacts": [ \#(artifacts.joined(separator: ", ")) ] }"#
    }()

    private static func stage(concurrency: Int) -> String {
        DeployFixtures.stage("dev", branch: "main", from: nil)
            .replacingFirst(#""deploy": {"#, with: #""deploy": { "concurrency": \#(concurrency),"#)
    }

    @Test(arguments: [1, 4])
    func artifactsAreCreatedAtMostConcurrencyAtATimeInConfigOrder(_ concurrency: Int) async throws {
        let repository = try DeployFixtures.repository(
            config: Self.artifactsOnly, files: ["stages/dev.json": Self.stage(concurrency: concurrency)])
        let harness = try await DeployHarness(repository: repository) { configuration in
            // Each lm call takes long enough that concurrent ones overlap.
            configuration.faults = try! FaultPlan.parse("lm:latency=30ms")
        }
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy()
        #expect(report.outcome == "succeeded", "\(harness.lines.get().suffix(5))")
        #expect(report.artifacts.map(\.name) == (1...12).map { "Dataset \($0)" })
        #expect(report.artifacts.allSatisfy { !$0.reused })
        let created = harness.lines.get().filter { $0.hasPrefix("created artifact") }
        #expect(created.map { $0.split(separator: " ")[2...3].joined(separator: " ") } == (1...12).map { "Dataset \($0)" })
        let peak = try await harness.stats()["peakInFlight"]?["lm"]?.intValue ?? 0
        #expect(peak <= concurrency, "at most \(concurrency) lm calls at once, saw \(peak)")
        if concurrency > 1 { #expect(peak > 1, "the creates overlapped") }
        #expect(try await harness.objects("/lm/artifacts").count == 12)
    }

    /// With AI Core answering five items a page, a second deploy still finds all twelve artifacts: it pages.
    @Test func listsArePagedWhenAICoreAnswersInPages() async throws {
        let repository = try DeployFixtures.repository(config: Self.artifactsOnly)
        let harness = try await DeployHarness(repository: repository) { $0.pageSize = 5 }
        defer { Task { await harness.stop() } }
        #expect(try await harness.deploy().outcome == "succeeded")
        let before = try await harness.stats()["byPath"]?["GET /v2/lm/artifacts"]?.intValue ?? 0
        let again = try await harness.deploy()
        #expect(again.artifacts.count == 12 && again.artifacts.allSatisfy(\.reused))
        let after = try await harness.stats()["byPath"]?["GET /v2/lm/artifacts"]?.intValue ?? 0
        #expect(after - before == 3, "12 artifacts in pages of 5")
        #expect(try await harness.objects("/lm/artifacts").count == 12)
    }

    /// Six trainings followed to COMPLETED: their statuses come from list calls shared by the followers, not from
    /// one GET per execution per poll.
    @Test func manyRunsAreFollowedThroughListCalls() async throws {
        let executions = (1...6).map { index in
            #"""
            { "configuration": { "name": "Training \#(index)", "scenario_id": "cicdexample", "executable_id": "cicdexample",
                "parameter_bindings": [ { "key": "envexample", "value": "run\#(index)" } ],
                "input_artifact_bindings": [ { "key": "example-dataset" } ] }, "wait_for_status": "COMPLETED" }
            """#
        }
        let config = #"""
            { "clean_up": false,
              "artifacts": [ { "key": "example-dataset", "name": "Example Dataset", "kind": "dataset",
                               "url": "ai://default/cicd/example.txt", "scenario_id": "cicdexample" } ],
              "executions": [ \#(executions.joined(separator: ", ")) ] }
            """#
        let harness = try await DeployHarness(repository: try DeployFixtures.repository(config: config))
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy()
        #expect(report.outcome == "succeeded", "\(harness.lines.get().suffix(5))")
        #expect(report.executions.map(\.configuration) == (1...6).map { "Training \($0)" })
        #expect(report.executions.allSatisfy { $0.status == "COMPLETED" && $0.reached })
        let paths = try await harness.stats()["byPath"]
        #expect(paths?["GET /v2/lm/executions/{id}"] == nil, "no execution was polled on its own: \(paths ?? .null)")
        #expect((paths?["GET /v2/lm/executions"]?.intValue ?? 0) >= 2)
    }

    /// A 429 storm with concurrency on: every object is created once, and a second deploy reuses them all.
    @Test func aTooManyRequestsStormDuplicatesNothing() async throws {
        let repository = try DeployFixtures.repository(config: Self.artifactsOnly)
        let harness = try await DeployHarness(repository: repository) { configuration in
            configuration.faults = try! FaultPlan.parse("lm:429=0.3,retry-after=0")
            configuration.seed = 7
        }
        defer { Task { await harness.stop() } }
        let retry = RetryPolicy(maxAttempts: 30, baseDelay: 0.005, maxDelay: 0.05)
        #expect(try await harness.deploy(retry: retry).outcome == "succeeded")
        #expect(try await harness.objects("/lm/artifacts").count == 12)
        let again = try await harness.deploy(retry: retry)
        #expect(again.artifacts.count == 12 && again.artifacts.allSatisfy(\.reused))
        #expect(try await harness.objects("/lm/artifacts").count == 12)
    }
}
