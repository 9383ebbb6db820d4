import AICore
import Foundation
import PromoteModel

/// One call of the deploy's creation graph.
enum CreationJob: Sendable {
    /// Stop (when active) and delete an earlier run; every run start waits for all of these.
    case remove(RunInfo)
    case artifact(ArtifactSpec)
    /// A configuration, after the artifacts it binds that are created in this deploy (their keys, in the order of
    /// the job's dependencies); `artifactIDs` holds those reused.
    case configuration(ConfigurationSpec, createdArtifactKeys: [String], artifactIDs: [String: String])
    /// Start a run (or switch an existing deployment in place); `configurationID` is nil when its configuration is
    /// created in this deploy (then it is the job's first dependency).
    case run(RunKind, RunSpec, configurationID: String?, known: Set<String>)
}

/// What a creation job produced.
enum CreationOutput: Sendable {
    case removed(String)
    case artifact(id: String)
    case configuration(id: String)
    /// The run, and the progress lines it printed (shown once every run has started, in config order).
    case run(StartedRun, lines: [String])

    var createdID: String? {
        switch self {
        case .artifact(let id), .configuration(let id): id
        default: nil
        }
    }
}

/// Everything the creation graph did, in config order, even when it stopped early.
struct CreationResult {
    var artifactIDs: [String: String] = [:]
    var configurationIDs: [String: String] = [:]
    var runs: [StartedRun] = []
    var removed: [String] = []
    var error: (any Error)?
}

extension Deployer {
    // MARK: 4. clean-up scope

    /// The earlier runs the deploy removes: in scope (nil: the whole resource group), not a deployment the config
    /// updates in place, and with `--only`, only those of the named configurations.
    static func doomedRuns(
        _ inventory: TenantInventory, scope: Set<String>?, keep: Set<String>, only: [String],
        includeExecutions: Bool = true
    ) -> [RunInfo] {
        var onlyConfigurations: Set<String>?
        if !only.isEmpty {
            onlyConfigurations = Set(
                (inventory.configurations ?? []).filter { only.contains($0.name) || only.contains($0.executableID) }
                    .map(\.id))
        }
        return (inventory.deployments + (includeExecutions ? inventory.executions : [])).filter { run in
            (scope == nil || scope?.contains(run.scenarioID ?? "") == true) && !keep.contains(run.id)
                && run.targetStatus != "DELETED"
                && (onlyConfigurations == nil || onlyConfigurations?.contains(run.configurationID) == true)
        }
    }

    // MARK: 5 and 6. the creation graph

    /// Removes the doomed runs, creates the missing artifacts and configurations and starts the runs as one graph
    /// (DependencyScheduler): each call as soon as what it needs exists, at most `limit` at a time, the calls that
    /// lead to the executions first (they take longest), then the deployments'. Objects that already exist with
    /// the same content are reused and reported as such. Progress lines come afterwards, in config order.
    func create(
        _ config: DeployConfig, inventory: TenantInventory, doomed: [RunInfo], limit: Int, report: inout DeployReport
    ) async -> CreationResult {
        var jobs: [DependencyScheduler.Job<CreationJob>] = []
        let runRanks = Self.runRanks(config)
        let lastRank = runRanks.count

        // Earlier runs go first: every start waits for them.
        let removals = doomed.map { run in
            jobs.append(.init(input: .remove(run), dependencies: [], priority: -1))
            return jobs.count - 1
        }

        // Artifacts: reused when one with the same name, kind, url and scenario exists.
        var reusedArtifacts: [String: String] = [:]
        var artifactJobs: [String: Int] = [:]
        for spec in config.artifacts {
            if let match = inventory.artifacts.first(where: {
                $0.name == spec.name && $0.kind == spec.kind.rawValue && $0.url == spec.url
                    && $0.scenarioID == spec.scenarioID
            }) {
                reusedArtifacts[spec.key] = match.id
            } else {
                let rank =
                    config.configurations.filter { $0.inputArtifactBindings.contains { $0.artifactKey == spec.key } }
                    .map { runRanks[$0.name] ?? lastRank }.min() ?? lastRank + 1
                jobs.append(.init(input: .artifact(spec), dependencies: [], priority: Self.priority(rank, level: 2)))
                artifactJobs[spec.key] = jobs.count - 1
            }
        }

        // Configurations: one binding an artifact created now cannot exist yet; the others may be reused.
        var reusedConfigurations: [String: String] = [:]
        var configurationJobs: [String: Int] = [:]
        for spec in config.configurations {
            let created = spec.inputArtifactBindings.map(\.artifactKey).filter { artifactJobs[$0] != nil }
            if created.isEmpty, let match = Self.existing(spec, artifactIDs: reusedArtifacts, in: inventory) {
                reusedConfigurations[spec.name] = match.id
                continue
            }
            let keys = Array(Set(created)).sorted()
            jobs.append(
                .init(
                    input: .configuration(spec, createdArtifactKeys: keys, artifactIDs: reusedArtifacts),
                    dependencies: keys.compactMap { artifactJobs[$0] },
                    priority: Self.priority(runRanks[spec.name] ?? lastRank, level: 1)))
            configurationJobs[spec.name] = jobs.count - 1
        }

        // Runs: after their configuration and after every removal.
        let known = inventory.knownRunIDs
        var runJobs: [Int] = []
        for (kind, spec) in config.executions.map({ (RunKind.execution, $0) })
            + config.deployments.map({ (RunKind.deployment, $0) })
        {
            let name = spec.configuration.name
            let configurationJob = configurationJobs[name]
            jobs.append(
                .init(
                    input: .run(kind, spec, configurationID: reusedConfigurations[name], known: known),
                    dependencies: (configurationJob.map { [$0] } ?? []) + removals,
                    priority: Self.priority(runRanks[name] ?? lastRank, level: 0)))
            runJobs.append(jobs.count - 1)
        }

        let outcome = await DependencyScheduler.run(jobs, limit: limit) { job, inputs in
            try await self.perform(job, inputs)
        }

        // The report and the progress lines, in config order, for everything that happened.
        var result = CreationResult(error: outcome.error)
        result.removed = removals.compactMap {
            if case .removed(let id) = outcome.outputs[$0] { id } else { nil }
        }.sorted()
        for spec in config.artifacts {
            if let id = reusedArtifacts[spec.key] {
                result.artifactIDs[spec.key] = id
                report.artifacts.append(ObjectReport(name: spec.name, id: id, reused: true))
            } else if let job = artifactJobs[spec.key], let id = outcome.outputs[job]?.createdID {
                result.artifactIDs[spec.key] = id
                report.artifacts.append(ObjectReport(name: spec.name, id: id, reused: false))
                await output.line("created artifact \(spec.name) (\(id))")
            }
        }
        for spec in config.configurations {
            if let id = reusedConfigurations[spec.name] {
                result.configurationIDs[spec.name] = id
                report.configurations.append(ObjectReport(name: spec.name, id: id, reused: true))
            } else if let job = configurationJobs[spec.name], let id = outcome.outputs[job]?.createdID {
                result.configurationIDs[spec.name] = id
                report.configurations.append(ObjectReport(name: spec.name, id: id, reused: false))
                await output.line("created configuration \(spec.name) (\(id))")
            }
        }
        for job in runJobs {
            guard case .run(let run, let lines) = outcome.outputs[job] else { continue }
            for line in lines { await output.line(line) }
            result.runs.append(run)
        }
        return result
    }

    /// One call of the graph.
    private func perform(_ job: CreationJob, _ inputs: [CreationOutput]) async throws -> CreationOutput {
        switch job {
        case .remove(let run):
            try await remove(run)
            return .removed(run.id)
        case .artifact(let spec):
            let created = try await client.createArtifact(
                name: spec.name, kind: spec.kind.rawValue, url: spec.url, scenarioID: spec.scenarioID,
                description: spec.description, labels: spec.labels.map { BindingPair(key: $0.key, value: $0.value) })
            return .artifact(id: created.id)
        case .configuration(let spec, let keys, var artifactIDs):
            for (key, output) in zip(keys, inputs) { artifactIDs[key] = output.createdID }
            let binding = Self.bindings(spec, artifactIDs: artifactIDs)
            let created = try await client.createConfiguration(
                name: spec.name, scenarioID: spec.scenarioID, executableID: spec.executableID,
                parameterBindings: binding.parameters, inputArtifactBindings: binding.artifacts)
            return .configuration(id: created.id)
        case .run(let kind, let spec, let configurationID, let known):
            let id = configurationID ?? inputs.first?.createdID ?? ""
            let (run, lines) = try await start(kind, spec, configurationID: id, known: known)
            return .run(run, lines: lines)
        }
    }

    /// The rank of each configuration's run: executions in config order, then deployments (their creates are
    /// scheduled first to last in this order; a run that waits for COMPLETED usually takes longest).
    private static func runRanks(_ config: DeployConfig) -> [String: Int] {
        var ranks: [String: Int] = [:]
        for (rank, spec) in (config.executions + config.deployments).enumerated()
        where ranks[spec.configuration.name] == nil {
            ranks[spec.configuration.name] = rank
        }
        return ranks
    }

    /// Among ready calls: the earliest run's chain first, and within it the call nearest to starting the run.
    private static func priority(_ rank: Int, level: Int) -> Int { rank * 4 + level }

    static func bindings(_ spec: ConfigurationSpec, artifactIDs: [String: String])
        -> (parameters: [BindingPair], artifacts: [BindingPair])
    {
        (
            spec.parameterBindings.map { BindingPair(key: $0.key, value: $0.value) },
            spec.inputArtifactBindings.map { BindingPair(key: $0.key, value: artifactIDs[$0.artifactKey] ?? "") }
        )
    }

    /// An existing configuration with the same name, scenario, executable and bindings (as sets).
    private static func existing(
        _ spec: ConfigurationSpec, artifactIDs: [String: String], in inventory: TenantInventory
    ) -> ConfigurationInfo? {
        let binding = bindings(spec, artifactIDs: artifactIDs)
        return inventory.configurations?.first {
            $0.name == spec.name && $0.scenarioID == spec.scenarioID && $0.executableID == spec.executableID
                && $0.parameterBindings == Set(binding.parameters)
                && $0.inputArtifactBindings == Set(binding.artifacts)
        }
    }
}
