import AICore
import AICoreEmulator
import DeployCore
import Foundation
import PromoteModel
import TestSupport
import Testing

/// Deploys under injected faults and interruptions converge to one end state and never duplicate an object.
@Suite(.serialized) struct DeployResilienceTests {
    /// What a converged tenant holds: names of artifacts and configurations, and how many runs of each.
    private func endState(_ harness: DeployHarness) async throws -> [String] {
        let artifacts = try await harness.objects("/lm/artifacts").compactMap { $0["name"]?.stringValue }.sorted()
        let configurations = try await harness.objects("/lm/configurations").compactMap { $0["name"]?.stringValue }
            .sorted()
        let executions = try await harness.objects("/lm/executions").filter { $0["targetStatus"] != "DELETED" }
        let deployments = try await harness.objects("/lm/deployments").filter { $0["targetStatus"] != "DELETED" }
        return artifacts.map { "artifact \($0)" } + configurations.map { "configuration \($0)" }
            + ["executions \(executions.count)", "deployments \(deployments.count)"]
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func faultsLoseNothingAndDuplicateNothing(_ seed: UInt64) async throws {
        let faults = try FaultPlan.parse(
            "lm:5xx=0.2,429=0.1,retry-after=0,drop=0.05,expire=0.02;admin:5xx=0.2,429=0.1,retry-after=0")
        let harness = try await DeployHarness(repository: try DeployFixtures.repository()) { configuration in
            configuration.faults = faults
            configuration.seed = seed
            // Tokens also run out mid-deploy: the client must fetch a new one before it expires.
            configuration.tokenLifetime = 2
        }
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy(retry: RetryPolicy(maxAttempts: 20, baseDelay: 0.005, maxDelay: 0.05))
        #expect(report.outcome == "succeeded", "seed \(seed): \(harness.lines.get().suffix(5))")
        let state = try await endState(harness)
        #expect(
            state == [
                "artifact Example Dataset", "configuration Configuration CI/CD Example Serving",
                "configuration Configuration CI/CD Example Training", "executions 1", "deployments 1",
            ], "seed \(seed)")
        let again = try await harness.deploy(retry: RetryPolicy(maxAttempts: 20, baseDelay: 0.005, maxDelay: 0.05))
        #expect(again.artifacts.allSatisfy { $0.reused } && again.configurations.allSatisfy { $0.reused })
        #expect(try await endState(harness) == state)
    }

    /// A deploy cancelled at a random moment, then run again, ends where an uninterrupted one would.
    @Test(arguments: [0.02, 0.05, 0.1, 0.2, 0.4])
    func anInterruptedDeployConvergesWhenRunAgain(_ after: Double) async throws {
        let harness = try await DeployHarness(repository: try DeployFixtures.repository())
        defer { Task { await harness.stop() } }
        let interrupted = Task { try await harness.deploy() }
        try await Task.sleep(nanoseconds: UInt64(after * 1e9))
        interrupted.cancel()
        _ = try? await interrupted.value
        let report = try await harness.deploy()
        #expect(report.outcome == "succeeded")
        let state = try await endState(harness)
        #expect(
            state.filter { $0.hasPrefix("artifact") || $0.hasPrefix("configuration") } == [
                "artifact Example Dataset", "configuration Configuration CI/CD Example Serving",
                "configuration Configuration CI/CD Example Training",
            ])
        #expect(state.contains("executions 1") && state.contains("deployments 1"), "\(state)")
    }

    /// Schedules under faults: created once each, changed in place, never a second one of a name.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func schedulesConvergeUnderFaults(_ seed: UInt64) async throws {
        let faults = try FaultPlan.parse("lm:5xx=0.2,429=0.1,retry-after=0,drop=0.1")
        let config = ScheduleDeployTests.config([ScheduleDeployTests.weekly, ScheduleDeployTests.monthly])
        let harness = try await DeployHarness(repository: try DeployFixtures.repository(config: config)) {
            $0.faults = faults
            $0.seed = seed
        }
        defer { Task { await harness.stop() } }
        let retry = RetryPolicy(maxAttempts: 20, baseDelay: 0.005, maxDelay: 0.05)
        let first = try await harness.deploy(retry: retry)
        #expect(first.outcome == "succeeded", "seed \(seed): \(harness.lines.get().suffix(5))")
        #expect(ScheduleDeployTests.actions(first) == ["weekly-retrain created", "monthly-evaluation created"])

        let changed = config.replacingFirst(#""cron": "0 3 * * 1""#, with: #""cron": "0 5 * * 1""#)
        try harness.repository.commit("retrain later", files: ["cicd/config.json": changed])
        let second = try await harness.deploy(retry: retry)
        #expect(ScheduleDeployTests.actions(second) == ["weekly-retrain updated", "monthly-evaluation kept"])
        let schedules = try await harness.objects("/lm/executionSchedules")
        #expect(schedules.compactMap { $0["name"]?.stringValue }.sorted() == ["monthly-evaluation", "weekly-retrain"])
        #expect(Set(schedules.compactMap { $0["id"]?.stringValue }) == Set(first.schedules.map(\.id)))
        #expect(schedules.first { $0["name"] == "weekly-retrain" }?["cron"] == "0 5 * * 1")
    }
}
