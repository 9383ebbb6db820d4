import AICore
import Foundation
import PromoteModel

/// A started execution or deployment, and what to do with it next.
struct StartedRun: Sendable {
    let kind: RunKind
    let name: String
    let configurationID: String
    /// The executable the configuration runs (gates name executions by it or by the configuration's name).
    let executableID: String
    let id: String
    let wanted: String?
    /// For an in-place update: the configuration to put back if the new one does not run.
    let rollbackTo: String?
    let destinationName: String?
}

extension Deployer {
    // MARK: 4. clean-up

    /// Stops a run if it is active, waits until it settles, then deletes it.
    func remove(_ run: RunInfo) async throws {
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

    /// Starts one run, or switches a deployment with `existing_deployment_id` to its new configuration in place;
    /// returns it with the progress lines to show (printed later, in config order).
    func start(_ kind: RunKind, _ spec: RunSpec, configurationID: String, known: Set<String>) async throws
        -> (StartedRun, lines: [String])
    {
        let name = spec.configuration.name
        var lines: [String] = []
        if let existing = spec.existingDeploymentID {
            let lookup = await Self.capture { () async throws(AICoreError) in
                try await client.run(.deployment, existing)
            }
            if case .failure(let error) = lookup, error.status != 404 { throw error }
            guard case .success(let deployment) = lookup else {
                // A config written for another tenant (or a deployment deleted by hand): deploy anew rather than fail.
                lines.append(
                    "[deployment \(name)] existing_deployment_id \(existing) does not exist in this resource group; creating a new deployment (update the config with its id)"
                )
                let run = try await client.createRun(.deployment, configurationID: configurationID, known: known)
                lines.append("[deployment \(name)] started \(run.id)")
                let started = StartedRun(
                    kind: .deployment, name: name, configurationID: configurationID,
                    executableID: spec.configuration.executableID, id: run.id,
                    wanted: spec.waitForStatus, rollbackTo: nil, destinationName: spec.destinationName)
                return (started, lines)
            }
            var rollback: String?
            if deployment.configurationID != configurationID {
                rollback =
                    deployment.status == "RUNNING"
                    ? deployment.configurationID : deployment.latestRunningConfigurationID ?? deployment.configurationID
                try await client.changeConfiguration(deployment: existing, to: configurationID)
                lines.append(
                    "[deployment \(name)] updating \(existing) in place to configuration \(configurationID)")
            } else {
                lines.append("[deployment \(name)] \(existing) already runs configuration \(configurationID)")
            }
            let started = StartedRun(
                kind: .deployment, name: name, configurationID: configurationID,
                executableID: spec.configuration.executableID, id: existing,
                wanted: spec.waitForStatus ?? "RUNNING", rollbackTo: rollback, destinationName: spec.destinationName)
            return (started, lines)
        }
        let run = try await client.createRun(kind, configurationID: configurationID, known: known)
        lines.append("[\(kind.rawValue) \(name)] started \(run.id)")
        let started = StartedRun(
            kind: kind, name: name, configurationID: configurationID, executableID: spec.configuration.executableID,
            id: run.id, wanted: spec.waitForStatus,
            rollbackTo: nil, destinationName: spec.destinationName)
        return (started, lines)
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

    /// Publishes a destination for every deployment that asked for one and runs, concurrently; lines in order.
    func publishDestinations(_ specs: [RunSpec], results: [FollowResult], limit: Int) async throws
        -> [DestinationReport]
    {
        guard let destinations else { return [] }
        let wanted = results.compactMap { result -> (FollowResult, String, String)? in
            guard result.kind == .deployment, result.report.status == "RUNNING", let name = result.destinationName,
                let url = result.report.url, !url.isEmpty
            else { return nil }
            return (result, name, url)
        }
        let credentials = client.credentials
        let actions = try await BoundedConcurrency.map(wanted, limit: limit) { result, name, url in
            let properties = [
                "Name": name, "Type": "HTTP", "URL": url, "ProxyType": "Internet",
                "Authentication": "OAuth2ClientCredentials",
                "clientId": credentials.clientID, "clientSecret": credentials.clientSecret,
                "tokenServiceURL": credentials.authURL, "tokenServiceURLType": "Dedicated",
                "URL.headers.AI-Resource-Group": credentials.resourceGroup,
                "Description":
                    "AI Core deployment \(result.report.id) (\(result.report.configuration)), set by promote",
            ]
            return try await destinations.upsert(properties)
        }
        var reports: [DestinationReport] = []
        for ((result, name, url), action) in zip(wanted, actions) {
            await output.line(
                "[deployment \(result.report.configuration)] destination \(name) \(action.rawValue) -> \(url)")
            reports.append(DestinationReport(name: name, action: action.rawValue, url: url))
        }
        return reports
    }
}
