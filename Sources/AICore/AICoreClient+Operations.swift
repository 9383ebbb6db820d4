public import Foundation
import NIOHTTP1
public import PromoteModel

// The calls the deploy core makes, each with the safe way to repeat it.
extension AICoreClient {
    // MARK: admin

    /// Whether the resource group exists and is PROVISIONED: a lookup that changes nothing, so a deploy can make it
    /// alongside its other first calls, before it knows it may change the tenant.
    public func resourceGroupIsProvisioned(_ id: String) async throws(AICoreError) -> Bool {
        do {
            let group = try await call(.GET, "/admin/resourceGroups/\(id)", resourceGroup: false)
            return (group["status"]?.stringValue ?? "PROVISIONED") == "PROVISIONED"
        } catch  where error.status == 404 {
            return false
        }
    }

    /// Creates the resource group when it does not exist, then waits until it is PROVISIONED. True when created.
    @discardableResult
    public func ensureResourceGroup(_ id: String, timeout: TimeInterval = 300) async throws(AICoreError) -> Bool {
        var created = false
        // The first answer usually says PROVISIONED already: no second GET for it.
        var group: JSONValue?
        do {
            group = try await call(.GET, "/admin/resourceGroups/\(id)", resourceGroup: false)
        } catch  where error.status == 404 {
            _ = try await sendOnce(
                .POST, "/admin/resourceGroups", body: ["resourceGroupId": .string(id)], resourceGroup: false
            ) {
                () throws(AICoreError) in
                try? await self.call(.GET, "/admin/resourceGroups/\(id)", resourceGroup: false)
            }
            created = true
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let answer: JSONValue
            if let group {
                answer = group
            } else {
                answer = try await call(.GET, "/admin/resourceGroups/\(id)", resourceGroup: false)
            }
            group = nil
            let status = answer["status"]?.stringValue ?? "PROVISIONED"
            if status == "PROVISIONED" { return created }
            if status == "ERROR" {
                throw .api(
                    method: "GET", path: "/admin/resourceGroups/\(id)", status: 200, code: nil,
                    message: "resource group \(id) is in ERROR: \(answer["statusMessage"]?.stringValue ?? "no details")"
                )
            }
            guard Date() < deadline else {
                throw .unreachable(
                    method: "GET", path: "/admin/resourceGroups/\(id)",
                    reason: "still \(status) after \(Int(timeout)) s")
            }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// Asks AI Core to sync the application now. Safe to repeat.
    public func refreshApplication(_ name: String) async throws(AICoreError) {
        _ = try await call(.POST, "/admin/applications/\(name)/refresh", resourceGroup: false, idempotent: true)
    }

    public func applicationStatus(_ name: String) async throws(AICoreError) -> ApplicationStatusInfo {
        ApplicationStatusInfo(try await call(.GET, "/admin/applications/\(name)/status", resourceGroup: false))
    }

    // MARK: catalog

    public func executables(scenario: String) async throws(AICoreError) -> [ExecutableInfo] {
        do {
            return try await call(.GET, "/lm/scenarios/\(scenario)/executables")["resources"]?.arrayValue?.compactMap(
                ExecutableInfo.init) ?? []
        } catch  where error.status == 404 {
            return []
        }
    }

    public func artifacts(scenario: String? = nil) async throws(AICoreError) -> [ArtifactInfo] {
        try await list("/lm/artifacts", query: scenario.map { [("scenarioId", $0)] } ?? []).compactMap(
            ArtifactInfo.init)
    }

    /// Creates an artifact; when the outcome is unknown, an artifact with the same name, kind, url and scenario
    /// counts as the one created.
    public func createArtifact(
        name: String, kind: String, url: String, scenarioID: String, description: String?, labels: [BindingPair]
    )
        async throws(AICoreError) -> ArtifactInfo
    {
        var body: JSONObject = [
            "name": .string(name), "kind": .string(kind), "url": .string(url), "scenarioId": .string(scenarioID),
        ]
        if let description { body["description"] = .string(description) }
        if !labels.isEmpty {
            body["labels"] = .array(labels.map { ["key": .string($0.key), "value": .string($0.value)] })
        }
        let created = try await sendOnce(.POST, "/lm/artifacts", body: .object(body)) { () throws(AICoreError) in
            let match = try await self.artifacts(scenario: scenarioID).first {
                $0.name == name && $0.kind == kind && $0.url == url
            }
            return match.map { ["id": .string($0.id)] }
        }
        guard let id = created["id"]?.stringValue,
            let artifact = ArtifactInfo([
                "id": .string(id), "name": .string(name), "kind": .string(kind), "url": .string(url),
                "scenarioId": .string(scenarioID),
            ])
        else {
            throw .unexpectedResponse(method: "POST", path: "/lm/artifacts", detail: "no id in the answer")
        }
        // What was sent is what exists: no read-back, one request per object.
        return artifact
    }

    public func artifact(_ id: String) async throws(AICoreError) -> ArtifactInfo {
        let json = try await call(.GET, "/lm/artifacts/\(id)")
        guard let artifact = ArtifactInfo(json) else {
            throw .unexpectedResponse(method: "GET", path: "/lm/artifacts/\(id)", detail: "not an artifact")
        }
        return artifact
    }

    public func configurations(scenario: String? = nil) async throws(AICoreError) -> [ConfigurationInfo] {
        try await list("/lm/configurations", query: scenario.map { [("scenarioId", $0)] } ?? []).compactMap(
            ConfigurationInfo.init)
    }

    /// Creates a configuration; when the outcome is unknown, an identical one (name, scenario, executable,
    /// bindings as sets) counts as the one created.
    public func createConfiguration(
        name: String, scenarioID: String, executableID: String, parameterBindings: [BindingPair],
        inputArtifactBindings: [BindingPair]
    ) async throws(AICoreError) -> ConfigurationInfo {
        let body: JSONValue = [
            "name": .string(name), "scenarioId": .string(scenarioID), "executableId": .string(executableID),
            "parameterBindings": .array(
                parameterBindings.map { ["key": .string($0.key), "value": .string($0.value)] }),
            "inputArtifactBindings": .array(
                inputArtifactBindings.map { ["key": .string($0.key), "artifactId": .string($0.value)] }),
        ]
        let matches = { (configuration: ConfigurationInfo) in
            configuration.name == name && configuration.executableID == executableID
                && configuration.parameterBindings == Set(parameterBindings)
                && configuration.inputArtifactBindings == Set(inputArtifactBindings)
        }
        let created = try await sendOnce(.POST, "/lm/configurations", body: body) { () throws(AICoreError) in
            try await self.configurations(scenario: scenarioID).first(where: matches).map { ["id": .string($0.id)] }
        }
        var sent = body.objectValue ?? JSONObject()
        sent["id"] = created["id"]
        guard created["id"]?.stringValue != nil, let configuration = ConfigurationInfo(.object(sent)) else {
            throw .unexpectedResponse(
                method: "POST", path: "/lm/configurations", detail: "no configuration in the answer")
        }
        return configuration
    }

    // MARK: executions and deployments

    public func runs(_ kind: RunKind, scenario: String? = nil) async throws(AICoreError) -> [RunInfo] {
        try await list(kind.path, query: scenario.map { [("scenarioId", $0)] } ?? []).compactMap {
            RunInfo($0, kind: kind)
        }
    }

    public func run(_ kind: RunKind, _ id: String) async throws(AICoreError) -> RunInfo {
        let json = try await call(.GET, "\(kind.path)/\(id)")
        guard let run = RunInfo(json, kind: kind) else {
            throw .unexpectedResponse(method: "GET", path: "\(kind.path)/\(id)", detail: "not a \(kind.rawValue)")
        }
        return run
    }

    /// Starts an execution or deployment of `configurationID`. When the outcome is unknown, a run of that
    /// configuration that is not in `known` counts as the one started, so nothing starts twice.
    public func createRun(_ kind: RunKind, configurationID: String, known: Set<String>) async throws(AICoreError)
        -> RunInfo
    {
        let created = try await sendOnce(.POST, kind.path, body: ["configurationId": .string(configurationID)]) {
            () throws(AICoreError) in
            let runs = try await self.list(kind.path, query: [("configurationId", configurationID)]).compactMap {
                RunInfo($0, kind: kind)
            }
            return runs.first { !known.contains($0.id) }.map { ["id": .string($0.id)] }
        }
        guard let id = created["id"]?.stringValue,
            let run = RunInfo(
                [
                    "id": .string(id), "configurationId": .string(configurationID),
                    "status": created["status"] ?? "UNKNOWN",
                ], kind: kind)
        else {
            throw .unexpectedResponse(method: "POST", path: kind.path, detail: "no id in the answer")
        }
        return run
    }

    /// Asks a run to stop. Already stopping or stopped counts as done.
    public func stopRun(_ kind: RunKind, _ id: String) async throws(AICoreError) {
        do {
            _ = try await sendOnce(.PATCH, "\(kind.path)/\(id)", body: ["targetStatus": "STOPPED"]) {
                () throws(AICoreError) in
                let run = try await self.run(kind, id)
                return run.targetStatus == "STOPPED" ? ["id": .string(id)] : nil
            }
        } catch  where error.status == 412 {
            let run = try await self.run(kind, id)
            guard run.isSettled || run.status == "STOPPING" else { throw error }
        }
    }

    /// Points a deployment at another configuration (same URL).
    public func changeConfiguration(deployment id: String, to configurationID: String) async throws(AICoreError) {
        _ = try await sendOnce(.PATCH, "/lm/deployments/\(id)", body: ["configurationId": .string(configurationID)]) {
            () throws(AICoreError) in
            let run = try await self.run(.deployment, id)
            return run.configurationID == configurationID ? ["id": .string(id)] : nil
        }
    }

    /// Deletes a run; one that is already gone counts as deleted.
    public func deleteRun(_ kind: RunKind, _ id: String) async throws(AICoreError) {
        do {
            _ = try await call(.DELETE, "\(kind.path)/\(id)")
        } catch  where error.status == 404 {
            return
        }
    }

    /// Log lines from `start` (inclusive, whole seconds) on, oldest first.
    public func logs(_ kind: RunKind, _ id: String, start: String?) async throws(AICoreError) -> [LogLine] {
        var query = [("$top", "5000"), ("$order", "asc")]
        if let start { query.append(("start", start)) }
        let json = try await call(.GET, "\(kind.path)/\(id)/logs", query: query)
        return (json["data"]?["result"]?.arrayValue ?? []).compactMap { record in
            guard let timestamp = record["timestamp"]?.stringValue, let message = record["msg"]?.stringValue else {
                return nil
            }
            return LogLine(timestamp: timestamp, message: message)
        }
    }
}

extension AICoreClient {
    /// Creates a git-sync application; one that already exists with that name counts as created.
    public func createApplication(name: String, repositoryURL: String, revision: String, path: String)
        async throws(AICoreError)
    {
        do {
            _ = try await sendOnce(
                .POST, "/admin/applications",
                body: [
                    "applicationName": .string(name), "repositoryUrl": .string(repositoryURL),
                    "revision": .string(revision), "path": .string(path),
                ],
                resourceGroup: false
            ) { () throws(AICoreError) in
                try? await self.call(.GET, "/admin/applications/\(name)", resourceGroup: false)
            }
        } catch  where error.status == 409 {
            return
        }
    }
}

extension AICoreClient {
    /// Every object under a list path (`/lm/artifacts`), as raw JSON, all pages: for diagnostics and tests.
    public func listAll(_ path: String) async throws(AICoreError) -> [JSONValue] {
        try await list(path)
    }
}

// MARK: execution schedules

extension AICoreClient {
    static let schedulesPath = "/lm/executionSchedules"

    /// Every schedule of the resource group (all pages), optionally only those of one configuration or status.
    public func schedules(configurationID: String? = nil, status: String? = nil) async throws(AICoreError)
        -> [ScheduleInfo]
    {
        var query: [(String, String)] = []
        if let configurationID { query.append(("configurationId", configurationID)) }
        if let status { query.append(("status", status)) }
        return try await list(Self.schedulesPath, query: query).compactMap(ScheduleInfo.init)
    }

    /// How many schedules there are (`$count`), optionally of one configuration or status.
    public func scheduleCount(configurationID: String? = nil, status: String? = nil) async throws(AICoreError)
        -> Int
    {
        var query: [(String, String)] = []
        if let configurationID { query.append(("configurationId", configurationID)) }
        if let status { query.append(("status", status)) }
        let path = Self.schedulesPath + "/$count"
        guard let count = try await call(.GET, path, query: query).intValue else {
            throw .unexpectedResponse(method: "GET", path: path, detail: "not a number")
        }
        return count
    }

    public func schedule(_ id: String) async throws(AICoreError) -> ScheduleInfo {
        let path = "\(Self.schedulesPath)/\(id)"
        guard let schedule = ScheduleInfo(try await call(.GET, path)) else {
            throw .unexpectedResponse(method: "GET", path: path, detail: "not an execution schedule")
        }
        return schedule
    }

    /// Creates a schedule. When the outcome is unknown, a schedule with that name and configuration that is not in
    /// `known` counts as the one created, so none is created twice.
    public func createSchedule(
        name: String, configurationID: String, cron: String, start: String?, end: String?, known: Set<String>
    ) async throws(AICoreError) -> ScheduleInfo {
        var body: JSONObject = [
            "name": .string(name), "configurationId": .string(configurationID), "cron": .string(cron),
        ]
        if let start { body["start"] = .string(start) }
        if let end { body["end"] = .string(end) }
        let created = try await sendOnce(.POST, Self.schedulesPath, body: .object(body)) { () throws(AICoreError) in
            try await self.schedules(configurationID: configurationID).first {
                $0.name == name && !known.contains($0.id)
            }.map { ["id": .string($0.id)] }
        }
        var sent = body
        sent["id"] = created["id"]
        sent["status"] = "ACTIVE"
        guard created["id"]?.stringValue != nil, let schedule = ScheduleInfo(.object(sent)) else {
            throw .unexpectedResponse(method: "POST", path: Self.schedulesPath, detail: "no id in the answer")
        }
        // What was sent is what exists: no read-back, one request per object.
        return schedule
    }

    /// Changes a schedule (PATCH). When the outcome is unknown, the schedule is read: already changed counts as
    /// done.
    public func modifySchedule(_ id: String, _ change: ScheduleChange) async throws(AICoreError) {
        guard !change.isEmpty else { return }
        let path = "\(Self.schedulesPath)/\(id)"
        _ = try await sendOnce(.PATCH, path, body: change.body) { () throws(AICoreError) in
            change.isApplied(to: try await self.schedule(id)) ? ["id": .string(id)] : nil
        }
    }

    /// Deletes a schedule; one that is already gone counts as deleted.
    public func deleteSchedule(_ id: String) async throws(AICoreError) {
        do {
            _ = try await call(.DELETE, "\(Self.schedulesPath)/\(id)")
        } catch  where error.status == 404 {
            return
        }
    }
}

// MARK: tracking

extension AICoreClient {
    /// How many execution IDs one `GET /lm/metrics` names in its `$filter` (keeps the URL short).
    static let metricsFilterSize = 50

    /// What `executionIDs` logged to the tracking API (`GET /lm/metrics`, `$filter=executionId in (...)`, every
    /// page), by execution ID; an execution that logged nothing is absent. The groups of IDs are asked for at once
    /// (the pace bounds them); each read is retried like every GET.
    public func metrics(executionIDs: [String]) async throws(AICoreError) -> [String: ExecutionMetrics] {
        let ids = Array(Set(executionIDs)).sorted()
        guard !ids.isEmpty else { return [:] }
        let groups = stride(from: 0, to: ids.count, by: Self.metricsFilterSize).map {
            Array(ids[$0..<min($0 + Self.metricsFilterSize, ids.count)])
        }
        let resources: [JSONValue]
        do {
            resources = try await withThrowingTaskGroup(of: [JSONValue].self) { tasks in
                for group in groups {
                    let filter = "executionId in (" + group.map { "'\($0)'" }.joined(separator: ",") + ")"
                    tasks.addTask { try await self.list("/lm/metrics", query: [("$filter", filter)]) }
                }
                var all: [JSONValue] = []
                for try await listed in tasks { all += listed }
                return all
            }
        } catch let error as AICoreError {
            throw error
        } catch {
            throw .unreachable(method: "GET", path: "/lm/metrics", reason: "\(error)")
        }
        let wanted = Set(ids)
        var byExecution: [String: ExecutionMetrics] = [:]
        for resource in resources {
            guard let id = resource["executionId"]?.stringValue, wanted.contains(id) else { continue }
            byExecution[id] = ExecutionMetrics(resource)
        }
        return byExecution
    }
}

extension AICoreClient {
    /// A git-sync application as AI Core stores it: what it syncs and from where.
    public struct ApplicationSettings: Sendable, Equatable {
        public let repositoryURL: String
        /// A branch, tag or commit SHA.
        public let revision: String
        public let path: String

        public init(repositoryURL: String, revision: String, path: String) {
            self.repositoryURL = repositoryURL
            self.revision = revision
            self.path = path
        }
    }

    public func application(_ name: String) async throws(AICoreError) -> ApplicationSettings {
        let json = try await call(.GET, "/admin/applications/\(name)", resourceGroup: false)
        return ApplicationSettings(
            repositoryURL: json["repositoryUrl"]?.stringValue ?? "", revision: json["revision"]?.stringValue ?? "",
            path: json["path"]?.stringValue ?? "")
    }

    /// Points an application at another revision (a commit SHA pins it; a branch follows the branch again).
    /// Repeating it with the same values changes nothing, so it is safe to retry.
    public func updateApplication(_ name: String, _ settings: ApplicationSettings) async throws(AICoreError) {
        _ = try await call(
            .PATCH, "/admin/applications/\(name)",
            body: [
                "repositoryUrl": .string(settings.repositoryURL), "revision": .string(settings.revision),
                "path": .string(settings.path),
            ],
            resourceGroup: false, idempotent: true)
    }
}
