public import AICore
import Foundation
import PromoteModel

/// Reconciles a deploy config against one AI Core resource group (DESIGN.md §7): idempotent, concurrent where the
/// objects are independent, and honest about what it did.
public struct Deployer: Sendable {
    let client: AICoreClient
    let destinations: DestinationClient?
    let output: DeployOutput

    public init(client: AICoreClient, destinations: DestinationClient?, output: DeployOutput) {
        self.client = client
        self.destinations = destinations
        self.output = output
    }

    /// Runs the whole deploy and returns its report; `report.outcome` says whether every waited object reached
    /// its status. Throws only when it stopped before changing anything; a failure after that is reported (with
    /// `report.error`), so that what was created is shown and recorded.
    public func deploy(_ request: DeployRequest) async throws(DeployError) -> DeployReport {
        let started = Date()
        let stage = request.stage
        let config =
            request.options.skipsExecutions
            ? DeployConfig(
                cleanUp: request.config.cleanUp, artifacts: request.config.artifacts, executions: [],
                deployments: request.config.deployments, schedules: request.config.schedules) : request.config
        var report = DeployReport(
            stage: stage.name, commit: request.commit, resourceGroup: client.credentials.resourceGroup,
            startedAt: started)
        let deadline = started.addingTimeInterval(request.options.timeout)
        var changing = false  // from the first delete or create on, a failure is reported, not thrown
        do {
            let limit = request.options.concurrency
            await client.limitConcurrency(limit)
            // Independent first steps at once: the destination service's credentials, a look at the resource
            // group, the refresh. Nothing is created before the destination service has accepted its credentials.
            let destinations = self.destinations
            let checksDestinations = config.deployments.contains { $0.destinationName != nil }
            let resourceGroup = client.credentials.resourceGroup
            async let destinationsAccepted: Void? = checksDestinations ? destinations?.checkCredentials() : ()
            async let groupProvisioned = client.resourceGroupIsProvisioned(resourceGroup)
            async let refreshed: Void = client.refreshApplication(stage.aicore.application)
            async let application = client.application(stage.aicore.application)
            try await destinationsAccepted
            if try await !groupProvisioned, try await client.ensureResourceGroup(resourceGroup) {
                await output.line("created resource group \(resourceGroup)")
            }
            try await refreshed
            try await track(try await application, request)
            report.syncedRevision = try await sync(
                application: stage.aicore.application, commit: request.commit, deadline: deadline)
            let inventory = try await takeInventory(config, only: request.options.only, limit: limit)
            try checkFit(config, executables: inventory.executables)
            let scenarios = Set(config.artifacts.map(\.scenarioID) + config.configurations.map(\.scenarioID))
            let scope = stage.deploy.cleanUp == .resourceGroup ? nil : scenarios
            let doomed =
                config.cleanUp
                ? Self.doomedRuns(
                    inventory, scope: scope, keep: Set(config.deployments.compactMap(\.existingDeploymentID)),
                    only: request.options.only, includeExecutions: !request.options.skipsExecutions) : []
            changing = true
            if !doomed.isEmpty {
                await output.line(
                    "cleaning up \(doomed.count) earlier run\(doomed.count == 1 ? "" : "s") (\(scope == nil ? "whole resource group" : "scenarios " + (scope ?? []).sorted().joined(separator: ", ")))"
                )
            }
            let created = await create(config, inventory: inventory, doomed: doomed, limit: limit, report: &report)
            report.cleanedUp = created.removed
            if let error = created.error { throw error }
            report.schedules = try await reconcileSchedules(
                config, configurationIDs: created.configurationIDs, listed: inventory.configurations,
                existing: inventory.schedules, scope: scope, only: request.options.only)
            let follower = RunFollower(
                client: client, output: output, options: request.options, started: started, deadline: deadline)
            let results = await follower.follow(created.runs)
            report.executions = results.filter { $0.kind == .execution }.map(\.report)
            report.deployments = results.filter { $0.kind == .deployment }.map(\.report)
            // The destinations and the executions' metrics are independent reads and writes: both at once.
            async let destinationReports = publishDestinations(config.deployments, results: results, limit: limit)
            await readMetrics(&report.executions)
            report.destinations = try await destinationReports
            report.outcome = results.allSatisfy(\.report.reached) ? "succeeded" : "failed"
        } catch {
            let failure = Self.deployError(error)
            guard changing else { throw failure }
            report.outcome = "failed"
            report.error = failure.localizedDescription
            await output.line("deploy stopped: \(failure.localizedDescription)")
        }
        report.finishedAt = ISO8601DateFormatter().string(from: Date())
        report.requests = await client.requestCount
        return report
    }

    static func deployError(_ error: any Error) -> DeployError {
        switch error {
        case let error as DeployError: error
        case let error as AICoreError: .api(error)
        case is CancellationError: .api(.unreachable(method: "", path: "", reason: "the deploy was cancelled"))
        default: .api(.unexpectedResponse(method: "", path: "", detail: "\(error)"))
        }
    }

    // MARK: 2. sync

    /// Points the application at the commit when the deploy pins it, and back at the stage's branch when an earlier
    /// pin (a commit SHA) is left and this deploy is of the branch head. An application that follows another named
    /// revision is the user's setup and is left alone.
    func track(_ application: AICoreClient.ApplicationSettings, _ request: DeployRequest) async throws {
        let name = request.stage.aicore.application
        let wanted: String
        if request.pinsApplication {
            guard application.revision != request.commit else { return }
            wanted = request.commit
            await output.line(
                "pointing application \(name) at \(request.commit.prefix(7)) (was \(Self.describe(application.revision))): it deploys a commit other than \(request.stage.branch)'s head"
            )
        } else {
            guard Self.isCommitSHA(application.revision) else { return }
            wanted = request.stage.branch
            await output.line(
                "pointing application \(name) back at branch \(wanted) (was pinned to \(application.revision.prefix(7)))"
            )
        }
        try await client.updateApplication(
            name,
            .init(repositoryURL: application.repositoryURL, revision: wanted, path: application.path))
        try await client.refreshApplication(name)
    }

    static func isCommitSHA(_ revision: String) -> Bool {
        revision.count == 40 && revision.allSatisfy { $0.isHexDigit }
    }

    private static func describe(_ revision: String) -> String {
        isCommitSHA(revision) ? String(revision.prefix(7)) : revision
    }

    /// Waits (after the refresh) until AI Core reports the application Synced at `commit`; returns the revision.
    func sync(application: String, commit: String, deadline: Date) async throws -> String {
        await output.line("syncing application \(application) to \(commit.prefix(7))")
        var interval = 0.05
        var last: ApplicationStatusInfo?
        while Date() < deadline {
            try Task.checkCancellation()
            let status = try await client.applicationStatus(application)
            last = status
            if status.revision == commit {
                if status.syncStatus == "Synced" && status.healthStatus != "Degraded" { return commit }
                if status.syncStatus != "OutOfSync" || status.healthStatus == "Degraded" {
                    // AI Core's message already quotes the first failed resource's reason: list each reason once.
                    let failed = status.resources.filter {
                        $0.status != "Synced" && !status.message.contains($0.message)
                    }
                    .map { "\($0.name): \($0.message)" }
                    throw DeployError.syncFailed(
                        application: application, message: ([status.message] + failed).joined(separator: "; "))
                }
            } else if status.syncStatus == "Unknown" && !status.message.isEmpty && status.healthStatus == "Unknown" {
                throw DeployError.syncFailed(application: application, message: status.message)
            }
            try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
            interval = min(interval * 1.5, 3)
        }
        throw DeployError.syncTimedOut(application: application, wanted: commit, seen: last?.revision)
    }

    // MARK: 3. fit

    /// Every mismatch between the config and the synced executables, before anything is created.
    func checkFit(_ config: DeployConfig, executables: [String: ExecutableInfo]) throws(DeployError) {
        var problems: [String] = []
        for (kind, runs) in [("executions", config.executions), ("deployments", config.deployments)] {
            for (index, run) in runs.enumerated() {
                let configuration = run.configuration
                let at = "\(kind)[\(index)] (\(configuration.name))"
                guard let executable = Self.synced(configuration, at: at, executables, &problems) else { continue }
                if kind == "executions" && executable.deployable {
                    problems.append(
                        "\(at): executable '\(executable.id)' is a serving template; list it under deployments")
                }
                if kind == "deployments" && !executable.deployable {
                    problems.append("\(at): executable '\(executable.id)' is a workflow; list it under executions")
                }
                problems += Self.bindingProblems(configuration, at: at, executable)
            }
        }
        let executionConfigurations = Set(config.executions.map(\.configuration.name))
        for (index, schedule) in config.schedules.enumerated() {
            let configuration = schedule.configuration
            let at = "schedules[\(index)] (\(schedule.name))"
            // An execution's configuration was checked above.
            guard !executionConfigurations.contains(configuration.name) else { continue }
            guard let executable = Self.synced(configuration, at: at, executables, &problems) else { continue }
            if executable.deployable {
                problems.append(
                    "\(at): executable '\(executable.id)' is a serving template; a schedule starts executions, so "
                        + "it needs a workflow")
            }
            problems += Self.bindingProblems(configuration, at: at, executable)
        }
        guard problems.isEmpty else { throw DeployError.configDoesNotFit(problems) }
    }

    /// The synced executable the configuration runs, or nil with a problem when its scenario lacks it.
    private static func synced(
        _ configuration: ConfigurationSpec, at: String, _ executables: [String: ExecutableInfo],
        _ problems: inout [String]
    ) -> ExecutableInfo? {
        if let executable = executables[configuration.executableID],
            executable.scenarioID == configuration.scenarioID
        {
            return executable
        }
        let known = executables.values.filter { $0.scenarioID == configuration.scenarioID }.map(\.id).sorted()
        problems.append(
            "\(at): executable '\(configuration.executableID)' is not synced in scenario '\(configuration.scenarioID)'"
                + " (synced: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
        return nil
    }

    /// Parameters the executable does not declare, and input artifacts left unbound or unknown.
    private static func bindingProblems(_ configuration: ConfigurationSpec, at: String, _ executable: ExecutableInfo)
        -> [String]
    {
        var problems: [String] = []
        for binding in configuration.parameterBindings where executable.parameters[binding.key] == nil {
            let declared = executable.parameters.keys.sorted().joined(separator: ", ")
            problems.append(
                "\(at): parameter '\(binding.key)' is not declared by '\(executable.id)' (declared: \(declared.isEmpty ? "none" : declared))"
            )
        }
        let bound = Set(configuration.inputArtifactBindings.map(\.key))
        for input in executable.inputArtifacts where !bound.contains(input) {
            problems.append("\(at): input artifact '\(input)' of '\(executable.id)' is not bound")
        }
        for binding in configuration.inputArtifactBindings where !executable.inputArtifacts.contains(binding.key) {
            problems.append(
                "\(at): '\(binding.key)' is not an input artifact of '\(executable.id)' (inputs: \(executable.inputArtifacts.joined(separator: ", ")))"
            )
        }
        return problems
    }
}
