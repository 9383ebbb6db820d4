import AICore
import Foundation
import PromoteModel

/// What the resource group holds before a deploy changes anything, read with one round of concurrent list calls
/// (each kind listed once, every page) instead of one list after another.
struct TenantInventory: Sendable {
    /// The synced executables of the config's scenarios, by id.
    var executables: [String: ExecutableInfo]
    var artifacts: [ArtifactInfo]
    /// Nil when the deploy does not need them (no configurations, no `--only` clean-up).
    var configurations: [ConfigurationInfo]?
    var executions: [RunInfo]
    var deployments: [RunInfo]
    /// Nil when the config has no schedules and no clean-up.
    var schedules: [ScheduleInfo]?

    /// Every run id that existed before this deploy started any: a create whose outcome is unknown is looked up
    /// among the others.
    var knownRunIDs: Set<String> { Set(executions.map(\.id) + deployments.map(\.id)) }
}

extension Deployer {
    // MARK: 3. inventory

    func takeInventory(_ config: DeployConfig, only: [String], limit: Int) async throws -> TenantInventory {
        let client = self.client
        let scenarios = Set(config.configurations.map(\.scenarioID)).sorted()
        let startsRuns = !config.executions.isEmpty || !config.deployments.isEmpty
        let needsRuns = config.cleanUp || startsRuns
        let needsConfigurations = !config.configurations.isEmpty || (config.cleanUp && !only.isEmpty)
        let needsSchedules = !config.schedules.isEmpty || config.cleanUp
        async let executables = BoundedConcurrency.map(scenarios, limit: limit) {
            try await client.executables(scenario: $0)
        }
        async let artifacts = config.artifacts.isEmpty ? [] : client.artifacts()
        async let configurations = needsConfigurations ? client.configurations() : nil
        async let executions = needsRuns ? client.runs(.execution) : []
        async let deployments = needsRuns ? client.runs(.deployment) : []
        async let schedules = needsSchedules ? client.schedules() : nil
        var byID: [String: ExecutableInfo] = [:]
        for listed in try await executables {
            for executable in listed { byID[executable.id] = executable }
        }
        return TenantInventory(
            executables: byID, artifacts: try await artifacts, configurations: try await configurations,
            executions: try await executions, deployments: try await deployments, schedules: try await schedules)
    }
}
