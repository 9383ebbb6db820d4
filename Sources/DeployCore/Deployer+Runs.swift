import AICore
import Foundation
import PromoteModel

/// A started execution or deployment, and what to do with it next.
struct StartedRun: Sendable {
    let kind: RunKind
    let name: String
    let configurationID: String
    let id: String
    let wanted: String?
    /// For an in-place update: the configuration to put back if the new one does not run.
    let rollbackTo: String?
    let destinationName: String?
}

extension Deployer {
    // MARK: 4. clean-up

    /// Stops and deletes earlier runs in scope (nil scope: the whole resource group), keeping the deployments the
    /// config updates in place. Returns the ids removed and the runs listed (each kind listed once).
    func cleanUp(scope: Set<String>?, config: DeployConfig, keep: Set<String>, only: [String], limit: Int)
        async throws -> [String]
    {
        let deployments = try await client.runs(.deployment)
        let executions = try await client.runs(.execution)
        var onlyConfigurations: Set<String>?
        if !only.isEmpty {
            onlyConfigurations = Set(
                try await client.configurations().filter { only.contains($0.name) || only.contains($0.executableID) }
                    .map(\.id))
        }
        let doomed = (deployments + executions).filter { run in
            (scope == nil || scope?.contains(run.scenarioID ?? "") == true) && !keep.contains(run.id)
                && run.targetStatus != "DELETED"
                && (onlyConfigurations == nil || onlyConfigurations?.contains(run.configurationID) == true)
        }
        guard !doomed.isEmpty else { return [] }
        await output.line(
            "cleaning up \(doomed.count) earlier run\(doomed.count == 1 ? "" : "s") (\(scope == nil ? "whole resource group" : "scenarios " + (scope ?? []).sorted().joined(separator: ", ")))"
        )
        _ = try await BoundedConcurrency.map(doomed, limit: limit) { try await self.remove($0) }
        return doomed.map(\.id).sorted()
    }

    /// Stops a run if it is active, waits until it settles, then deletes it.
    private func remove(_ run: RunInfo) async throws {
        var current = run
        if ["RUNNING", "PENDING"].contains(current.status) {
            try await client.stopRun(run.kind, run.id)
        }
        var interval = 0.05
        while !(current.isSettled || current.status == "UNKNOWN") {
            try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
            interval = min(interval * 1.5, 2)
            current = try await client.run(run.kind, run.id)
            if current.status == "RUNNING" || current.status == "PENDING" { try await client.stopRun(run.kind, run.id) }
        }
        try await client.deleteRun(run.kind, run.id)
    }

    // MARK: 6. start

    /// Starts the executions and deployments, `limit` at a time; deployments with `existing_deployment_id` are
    /// switched to their new configuration in place.
    func startRuns(
        _ config: DeployConfig, configurationIDs: [String: String], executables: [String: ExecutableInfo], limit: Int
    ) async throws -> [StartedRun] {
        let known = Set(try await client.runs(.execution).map(\.id) + client.runs(.deployment).map(\.id))
        let specs =
            config.executions.map { (RunKind.execution, $0) } + config.deployments.map { (RunKind.deployment, $0) }
        return try await BoundedConcurrency.map(specs, limit: limit) { kind, spec in
            let configurationID = configurationIDs[spec.configuration.name] ?? ""
            return try await self.start(kind, spec, configurationID: configurationID, known: known)
        }
    }

    private func start(_ kind: RunKind, _ spec: RunSpec, configurationID: String, known: Set<String>) async throws
        -> StartedRun
    {
        let name = spec.configuration.name
        if let existing = spec.existingDeploymentID {
            let lookup = await Self.capture { () async throws(AICoreError) in
                try await client.run(.deployment, existing)
            }
            if case .failure(let error) = lookup, error.status != 404 { throw error }
            guard case .success(let deployment) = lookup else {
                // A config written for another tenant (or a deployment deleted by hand): deploy anew rather than fail.
                await output.line(
                    "[deployment \(name)] existing_deployment_id \(existing) does not exist in this resource group; creating a new deployment (update the config with its id)"
                )
                let run = try await client.createRun(.deployment, configurationID: configurationID, known: known)
                await output.line("[deployment \(name)] started \(run.id)")
                return StartedRun(
                    kind: .deployment, name: name, configurationID: configurationID, id: run.id,
                    wanted: spec.waitForStatus, rollbackTo: nil, destinationName: spec.destinationName)
            }
            var rollback: String?
            if deployment.configurationID != configurationID {
                rollback =
                    deployment.status == "RUNNING"
                    ? deployment.configurationID : deployment.latestRunningConfigurationID ?? deployment.configurationID
                try await client.changeConfiguration(deployment: existing, to: configurationID)
                await output.line(
                    "[deployment \(name)] updating \(existing) in place to configuration \(configurationID)")
            } else {
                await output.line("[deployment \(name)] \(existing) already runs configuration \(configurationID)")
            }
            return StartedRun(
                kind: .deployment, name: name, configurationID: configurationID, id: existing,
                wanted: spec.waitForStatus ?? "RUNNING", rollbackTo: rollback, destinationName: spec.destinationName)
        }
        let run = try await client.createRun(kind, configurationID: configurationID, known: known)
        await output.line("[\(kind.rawValue) \(name)] started \(run.id)")
        return StartedRun(
            kind: kind, name: name, configurationID: configurationID, id: run.id, wanted: spec.waitForStatus,
            rollbackTo: nil,
            destinationName: spec.destinationName)
    }

    /// The outcome of a typed-throwing call as a value (a `do`/`catch where` here trips the 6.3 compiler).
    static func capture<T>(_ body: () async throws(AICoreError) -> T) async -> Result<T, AICoreError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    // MARK: 8. destinations

    func publishDestinations(_ specs: [RunSpec], results: [FollowResult]) async throws -> [DestinationReport] {
        var reports: [DestinationReport] = []
        for result in results where result.kind == .deployment && result.report.status == "RUNNING" {
            guard let name = result.destinationName, let url = result.report.url, !url.isEmpty else { continue }
            guard let destinations else { continue }
            let properties = [
                "Name": name, "Type": "HTTP", "URL": url, "ProxyType": "Internet",
                "Authentication": "OAuth2ClientCredentials",
                "clientId": client.credentials.clientID, "clientSecret": client.credentials.clientSecret,
                "tokenServiceURL": client.credentials.authURL, "tokenServiceURLType": "Dedicated",
                "URL.headers.AI-Resource-Group": client.credentials.resourceGroup,
                "Description":
                    "AI Core deployment \(result.report.id) (\(result.report.configuration)), set by promote",
            ]
            let action = try await destinations.upsert(properties)
            await output.line(
                "[deployment \(result.report.configuration)] destination \(name) \(action.rawValue) -> \(url)")
            reports.append(DestinationReport(name: name, action: action.rawValue, url: url))
        }
        return reports
    }
}
