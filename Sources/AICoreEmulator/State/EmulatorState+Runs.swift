import Foundation
import PromoteModel

// Executions and deployments (ai-api.md §6.6–§6.8, templates.md §5): creation, their planned lifecycle,
// stop/delete with AI Core's state rules, configuration changes of running deployments, and logs.
extension EmulatorState {
    private var timings: RunTimings { configuration.timings }

    // MARK: creation

    func createExecution(_ body: JSONValue, group: String?) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        let (configuration, executable) = try configurationAndExecutable(
            body["configurationId"]?.stringValue, group: group)
        guard !executable.deployable else {
            throw .badRequest(
                "Executable \(executable.id) is deployable: create a deployment, not an execution",
                target: "configurationId")
        }
        let now = Date()
        var run = newRun(.execution, configuration: configuration, now: now, targetStatus: "COMPLETED")
        let runningAt = now.addingTimeInterval(timings.pending)
        run.plan = [PlannedTransition(at: now.addingTimeInterval(timings.pending * 0.3), step: .pending)]
        if let problem = bindingProblems(configuration, executable: executable, group: group).first {
            // AI Core accepts the execution; the pod then fails before it runs (templates.md §3).
            run.plan.append(PlannedTransition(at: runningAt, step: .dead, message: problem))
        } else if let failure = failure(of: configuration, executable: executable, group: group, checkBindings: false) {
            run.plan.append(PlannedTransition(at: runningAt, step: .running))
            run.plan.append(
                PlannedTransition(
                    at: runningAt.addingTimeInterval(timings.running * 0.6), step: .dead, message: failure))
        } else {
            run.plan.append(PlannedTransition(at: runningAt, step: .running))
            run.plan.append(PlannedTransition(at: runningAt.addingTimeInterval(timings.running), step: .completed))
        }
        store.groups[group, default: GroupStore()].runs[run.id] = run
        persist()
        return ["id": .string(run.id), "message": "Execution scheduled", "status": .string(run.status)]
    }

    func createDeployment(_ body: JSONValue, group: String?) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        let (configuration, executable) = try configurationAndExecutable(
            body["configurationId"]?.stringValue, group: group)
        try checkDeployable(configuration, executable: executable, group: group)
        let ttl = body["ttl"]?.stringValue
        var ttlSeconds: TimeInterval?
        if let ttl {
            guard let seconds = Self.ttlSeconds(ttl) else {
                throw .badRequest(
                    "ttl '\(ttl)' must be whole minutes, hours or days, like 30m, 4h or 2d", target: "ttl")
            }
            ttlSeconds = seconds * self.configuration.ttlScale
        }
        let now = Date()
        var run = newRun(.deployment, configuration: configuration, now: now, targetStatus: "RUNNING")
        run.lastOperation = "CREATE"
        run.ttl = ttl
        let runningAt = now.addingTimeInterval(timings.pending)
        run.plan = [PlannedTransition(at: now.addingTimeInterval(timings.pending * 0.3), step: .pending)]
        if let failure = failure(of: configuration, executable: executable, group: group, checkBindings: false) {
            run.plan.append(PlannedTransition(at: runningAt, step: .dead, message: failure))
        } else {
            run.plan.append(PlannedTransition(at: runningAt, step: .running))
        }
        if let ttlSeconds { run.plan.append(PlannedTransition(at: now.addingTimeInterval(ttlSeconds), step: .expired)) }
        store.groups[group, default: GroupStore()].runs[run.id] = run
        persist()
        var json: JSONObject = [
            "id": .string(run.id), "message": "Deployment scheduled", "deploymentUrl": "",
            "status": .string(run.status),
        ]
        if let ttl { json["ttl"] = .string(ttl) }
        return .object(json)
    }

    private func newRun(_ kind: RunRecord.Kind, configuration: ConfigurationRecord, now: Date, targetStatus: String)
        -> RunRecord
    {
        RunRecord(
            kind: kind, id: newID(), configurationID: configuration.id, configurationName: configuration.name,
            scenarioID: configuration.scenarioID, executableID: configuration.executableID, status: "UNKNOWN",
            targetStatus: targetStatus, statusMessage: nil, createdAt: now, modifiedAt: now, submissionTime: nil,
            startTime: nil, completionTime: nil, deploymentURL: "", lastOperation: nil,
            latestRunningConfigurationID: nil, ttl: nil, executionScheduleID: nil, logs: [], plan: [])
    }

    private func configurationAndExecutable(_ id: String?, group: String) throws(EmulatorError)
        -> (ConfigurationRecord, ExecutableRecord)
    {
        runDueSyncs()
        guard let id else { throw .badRequest("configurationId is required", target: "configurationId") }
        guard let configuration = store.groups[group]?.configurations[id] else {
            throw .badRequest("Configuration \(id) not found in resource group \(group)", target: "configurationId")
        }
        guard let executable = store.executables[configuration.executableID] else {
            throw .badRequest(
                "Executable \(configuration.executableID) of configuration \(id) no longer exists; check the application sync",
                target: "configurationId")
        }
        return (configuration, executable)
    }

    /// The synchronous checks of deployment creation and configuration change.
    private func checkDeployable(_ configuration: ConfigurationRecord, executable: ExecutableRecord, group: String)
        throws(EmulatorError)
    {
        guard executable.deployable else {
            throw .badRequest(
                "Executable \(executable.id) is not deployable: start an execution instead", target: "configurationId")
        }
        if let unresolved = unresolvedPlaceholders(configuration, executable: executable) {
            throw .badRequest(unresolved, target: "configurationId")
        }
        if let problem = bindingProblems(configuration, executable: executable, group: group).first {
            throw .badRequest(problem, target: "configurationId")
        }
    }

    static func ttlSeconds(_ ttl: String) -> TimeInterval? {
        guard ttl.range(of: #"^[0-9]+[mMhHdD]$"#, options: .regularExpression) != nil,
            let amount = Double(ttl.dropLast())
        else { return nil }
        switch ttl.last?.lowercased() {
        case "m": return amount * 60
        case "h": return amount * 3600
        default: return amount * 86_400
        }
    }

    // MARK: reading

    func run(_ kind: RunRecord.Kind, _ id: String, group: String?, query: QueryParameters) throws(EmulatorError)
        -> JSONValue
    {
        let group = try self.group(group)
        advanceRuns(in: group)
        let run = try existingRun(kind, id, group: group)
        return try query.selectsStatus() ? Self.statusJSON(run) : runJSON(run, group: group, details: true)
    }

    func runs(_ kind: RunRecord.Kind, group: String?, query: QueryParameters) throws(EmulatorError) -> (
        all: Int, page: [JSONValue]
    ) {
        let group = try self.group(group)
        runDueSchedules(in: group)
        advanceRuns(in: group)
        let executables = query.list("executableIds")
        let status = try query.oneOf("status", Self.runStatuses)
        let selectStatus = try query.selectsStatus()
        let matching = (store.groups[group].map { Array($0.runs.values) } ?? [])
            .filter { $0.kind == kind }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            .filter { run in
                (query["scenarioId"] == nil || run.scenarioID == query["scenarioId"])
                    && (query["configurationId"] == nil || run.configurationID == query["configurationId"])
                    && (executables == nil || executables?.contains(run.executableID) == true)
                    && (status == nil || run.status == status)
                    && (query["executionScheduleId"] == nil || run.executionScheduleID == query["executionScheduleId"])
            }
        let page = try query.page(matching)
        return (
            matching.count,
            page.map { selectStatus ? Self.statusJSON($0, details: false) : runJSON($0, group: group, details: false) }
        )
    }

    private func existingRun(_ kind: RunRecord.Kind, _ id: String, group: String) throws(EmulatorError) -> RunRecord {
        guard let run = store.groups[group]?.runs[id], run.kind == kind else {
            throw .notFound("\(kind == .execution ? "Execution" : "Deployment") \(id) not found")
        }
        return run
    }

    /// The statuses the spec's `status` filter takes.
    static let runStatuses = ["PENDING", "RUNNING", "COMPLETED", "DEAD", "STOPPING", "STOPPED", "UNKNOWN"]

    /// `$select=status`: only the keys the SDK's strict status models accept (ai-api.md §6.6–§6.7). List items
    /// carry no `statusDetails`: the spec's list schemas (`AiExecution`, `AiDeployment`) do not declare it.
    private static func statusJSON(_ run: RunRecord, details: Bool = true) -> JSONValue {
        var json: JSONObject = [
            "id": .string(run.id), "configurationId": .string(run.configurationID), "status": .string(run.status),
            "createdAt": .string(WireTime.format(run.createdAt)),
            "modifiedAt": .string(WireTime.format(run.modifiedAt)),
        ]
        if details { json["statusDetails"] = [:] }
        if run.kind == .deployment { json["details"] = ["scaling": [:], "resources": [:]] }
        return .object(json)
    }

    /// An execution or deployment; `details` adds `statusDetails`, which only the single-object schemas declare.
    private func runJSON(_ run: RunRecord, group: String, details: Bool) -> JSONValue {
        var json: JSONObject = [
            "id": .string(run.id), "configurationId": .string(run.configurationID),
            "configurationName": .string(run.configurationName), "scenarioId": .string(run.scenarioID),
            "executableId": .string(run.executableID), "status": .string(run.status),
            "targetStatus": .string(run.targetStatus),
            "createdAt": .string(WireTime.format(run.createdAt)),
            "modifiedAt": .string(WireTime.format(run.modifiedAt)),
        ]
        if details { json["statusDetails"] = [:] }
        if let schedule = run.executionScheduleID { json["executionScheduleId"] = .string(schedule) }
        if let message = run.statusMessage { json["statusMessage"] = .string(message) }
        if let time = run.submissionTime { json["submissionTime"] = .string(WireTime.format(time)) }
        if let time = run.startTime { json["startTime"] = .string(WireTime.format(time)) }
        if let time = run.completionTime { json["completionTime"] = .string(WireTime.format(time)) }
        switch run.kind {
        case .execution:
            let outputs = (store.groups[group].map { Array($0.artifacts.values) } ?? [])
                .filter { $0.executionID == run.id }.sorted { $0.name < $1.name }
            json["outputArtifacts"] = .array(
                outputs.map { artifact in
                    [
                        "id": .string(artifact.id), "name": .string(artifact.name), "kind": .string(artifact.kind),
                        "url": .string(artifact.url), "scenarioId": .string(artifact.scenarioID),
                        "executionId": .string(run.id), "labels": Self.labelsJSON(artifact.labels),
                        "createdAt": .string(WireTime.format(artifact.createdAt)),
                        "modifiedAt": .string(WireTime.format(artifact.modifiedAt)),
                    ]
                })
        case .deployment:
            json["deploymentUrl"] = .string(run.deploymentURL)
            if let operation = run.lastOperation { json["lastOperation"] = .string(operation) }
            if let latest = run.latestRunningConfigurationID { json["latestRunningConfigurationId"] = .string(latest) }
            if let ttl = run.ttl { json["ttl"] = .string(ttl) }
            json["details"] = ["scaling": [:], "resources": [:]]
        }
        return .object(json)
    }

    // MARK: changes

    func modifyRun(_ kind: RunRecord.Kind, _ id: String, _ body: JSONValue, group: String?) throws(EmulatorError)
        -> JSONValue
    {
        let group = try self.group(group)
        advanceRuns(in: group)
        let target = body["targetStatus"]?.stringValue
        let newConfiguration = body["configurationId"]?.stringValue
        switch (target, newConfiguration) {
        case (let target?, nil):
            guard target == "STOPPED" else {
                throw .badRequest("targetStatus must be STOPPED, got \(target)", target: "targetStatus")
            }
            try stop(kind, id, group: group)
        case (nil, let configurationID?):
            guard kind == .deployment else {
                throw .badRequest("an execution's configuration cannot be changed", target: "configurationId")
            }
            try changeConfiguration(id, to: configurationID, group: group)
        default:
            throw .badRequest("give exactly one of targetStatus and configurationId")
        }
        persist()
        let noun = kind == .execution ? "Execution" : "Deployment"
        return ["id": .string(id), "message": .string("\(noun) modification scheduled")]
    }

    func deleteRun(_ kind: RunRecord.Kind, _ id: String, group: String?) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        advanceRuns(in: group)
        try delete(kind, id, group: group)
        persist()
        return ["id": .string(id), "message": "Deletion scheduled"]
    }

    /// `PATCH /lm/executions` or `/lm/deployments` with `{"executions"|"deployments": [{id, targetStatus}]}`.
    func bulkModify(_ kind: RunRecord.Kind, _ body: JSONValue, group: String?) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        advanceRuns(in: group)
        let key = kind == .execution ? "executions" : "deployments"
        guard let items = body[key]?.arrayValue, (1...100).contains(items.count) else {
            throw .badRequest("\(key) must be an array of 1 to 100 changes", target: key)
        }
        var seen = Set<String>()
        for item in items {
            guard let id = item["id"]?.stringValue, id.range(of: Self.idPattern, options: .regularExpression) != nil
            else {
                throw .badRequest("every item of \(key) needs an id matching \(Self.idPattern)", target: key)
            }
            guard let target = item["targetStatus"]?.stringValue, target == "STOPPED" || target == "DELETED" else {
                throw .badRequest("every item of \(key) needs a targetStatus of STOPPED or DELETED", target: key)
            }
            guard seen.insert(id + " " + target).inserted else {
                throw .badRequest("\(key) names \(id) twice with the same targetStatus; items must be unique", target: key)
            }
        }
        var results: [JSONValue] = []
        for item in items {
            let id = item["id"]?.stringValue ?? ""
            do throws(EmulatorError) {
                switch item["targetStatus"]?.stringValue {
                case "STOPPED": try stop(kind, id, group: group)
                case "DELETED": try delete(kind, id, group: group)
                default: throw .badRequest("targetStatus must be STOPPED or DELETED", target: "targetStatus")
                }
                results.append(["id": .string(id), "message": "Modification scheduled"])
            } catch {
                results.append([
                    "id": .string(id),
                    "error": [
                        "code": .string(error.code), "message": .string(error.message), "requestId": .string(newID()),
                        "target": .string(error.target ?? "id"),
                    ],
                ])
            }
        }
        persist()
        return [key: .array(results)]
    }

    private func stop(_ kind: RunRecord.Kind, _ id: String, group: String) throws(EmulatorError) {
        var run = try existingRun(kind, id, group: group)
        guard ["RUNNING", "PENDING", "UNKNOWN"].contains(run.status) else {
            throw .preconditionFailed(
                "Current status \(run.status) cannot be changed to STOPPED; only UNKNOWN, PENDING or RUNNING objects can be stopped"
            )
        }
        let now = Date()
        run.targetStatus = "STOPPED"
        run.plan = [
            PlannedTransition(at: now, step: .stopping),
            PlannedTransition(at: now.addingTimeInterval(timings.stopping), step: .stopped),
        ]
        store.groups[group]?.runs[id] = run
        advanceRuns(in: group)
    }

    private func delete(_ kind: RunRecord.Kind, _ id: String, group: String) throws(EmulatorError) {
        var run = try existingRun(kind, id, group: group)
        let deletable =
            kind == .execution ? ["STOPPED", "DEAD", "UNKNOWN", "COMPLETED"] : ["STOPPED", "DEAD", "UNKNOWN"]
        guard deletable.contains(run.status) else {
            throw .preconditionFailed(
                "\(kind == .execution ? "Execution" : "Deployment") \(id) is \(run.status); stop it first (PATCH targetStatus STOPPED), then delete it"
            )
        }
        run.targetStatus = "DELETED"
        if kind == .deployment { run.lastOperation = "DELETE" }
        run.modifiedAt = Date()
        run.plan = [PlannedTransition(at: Date().addingTimeInterval(timings.stopping), step: .removed)]
        store.groups[group]?.runs[id] = run
    }

    /// A zero-downtime configuration change (templates.md §5.4): same URL, `lastOperation` UPDATE, the previous
    /// configuration kept in `latestRunningConfigurationId` until the new one runs.
    private func changeConfiguration(_ id: String, to configurationID: String, group: String) throws(EmulatorError) {
        var run = try existingRun(.deployment, id, group: group)
        guard ["RUNNING", "PENDING", "DEAD"].contains(run.status) else {
            throw .preconditionFailed(
                "Deployment \(id) is \(run.status); its configuration can change only while RUNNING, PENDING or DEAD")
        }
        // A change to the configuration it already runs is a no-op, as pipelines that PATCH on every push expect.
        guard configurationID != run.configurationID else { return }
        let (configuration, executable) = try configurationAndExecutable(configurationID, group: group)
        try checkDeployable(configuration, executable: executable, group: group)
        let now = Date()
        if run.status == "RUNNING" || run.latestRunningConfigurationID == nil {
            run.latestRunningConfigurationID = run.configurationID
        }
        run.configurationID = configuration.id
        run.configurationName = configuration.name
        run.executableID = executable.id
        run.lastOperation = "UPDATE"
        run.targetStatus = "RUNNING"
        run.status = "PENDING"
        run.statusMessage = nil
        run.modifiedAt = now
        run.logs.append(
            LogRecord(
                timestamp: now, message: Self.platformLine(now, "rolling out configuration \(configuration.id)"),
                container: "kserve-container"))
        let done = now.addingTimeInterval(timings.pending)
        let expiry = run.plan.filter { $0.step == .expired }
        if let failure = failure(of: configuration, executable: executable, group: group, checkBindings: false) {
            run.plan = [PlannedTransition(at: done, step: .dead, message: failure)] + expiry
        } else {
            run.plan = [PlannedTransition(at: done, step: .rolledOut)] + expiry
        }
        store.groups[group]?.runs[id] = run
    }

    // MARK: lifecycle

    /// Applies every planned transition that is due, in time order, in one resource group.
    func advanceRuns(in group: String) {
        let now = Date()
        guard let runs = store.groups[group]?.runs else { return }
        var changed = false
        for (id, original) in runs where original.plan.contains(where: { $0.at <= now }) {
            var run = original
            var removed = false
            while let next = run.plan.filter({ $0.at <= now }).min(by: { $0.at < $1.at }),
                let index = run.plan.firstIndex(where: { $0.at == next.at && $0.step == next.step })
            {
                run.plan.remove(at: index)
                if apply(next, to: &run, group: group) == false {
                    removed = true
                    break
                }
            }
            store.groups[group]?.runs[id] = removed ? nil : run
            changed = true
        }
        if changed { persist() }
    }

    /// Applies one step; false when the object is gone afterwards.
    private func apply(_ transition: PlannedTransition, to run: inout RunRecord, group: String) -> Bool {
        let at = transition.at
        let container = run.kind == .execution ? "main" : "kserve-container"
        var lines: [String] = []
        run.modifiedAt = at
        switch transition.step {
        case .pending:
            run.status = "PENDING"
            run.submissionTime = at
        case .running:
            run.status = "RUNNING"
            if run.startTime == nil { run.startTime = at }
            lines = runningLines(run, at: at, group: group)
            if run.kind == .deployment && run.deploymentURL.isEmpty {
                run.deploymentURL = "\(publicBaseURL)/v2/inference/deployments/\(run.id)"
            }
        case .rolledOut:
            run.status = "RUNNING"
            run.latestRunningConfigurationID = run.configurationID
            lines = [
                Self.platformLine(at, "configuration \(run.configurationID) is serving"),
                "Application startup complete.",
            ]
        case .completed:
            run.status = "COMPLETED"
            run.completionTime = at
            lines = completionLines(run, at: at, group: group)
            recordTrainingMetrics(run, at: at, group: group)
        case .dead:
            run.status = "DEAD"
            run.statusMessage = transition.message
            run.completionTime = at
            lines = [
                "ERROR: \(transition.message ?? "the run failed")", Self.platformLine(at, "pod failed", level: "error"),
            ]
        case .stopping:
            run.status = "STOPPING"
            lines = [Self.platformLine(at, "stopping on request")]
        case .stopped:
            run.status = "STOPPED"
            run.completionTime = at
            lines = [Self.platformLine(at, "stopped")]
        case .expired:
            run.targetStatus = "STOPPED"
            run.status = "STOPPING"
            run.plan = [
                PlannedTransition(at: at.addingTimeInterval(timings.stopping), step: .stopped),
                PlannedTransition(at: at.addingTimeInterval(timings.stopping * 2), step: .removed),
            ]
            lines = [Self.platformLine(at, "ttl \(run.ttl ?? "") expired; stopping and deleting the deployment")]
        case .removed:
            return false
        }
        for (offset, line) in lines.enumerated() {
            run.logs.append(
                LogRecord(
                    timestamp: at.addingTimeInterval(Double(offset) * 0.000_01), message: line, container: container))
        }
        return true
    }

    /// A training log as long as the `epochs` binding says (2 without one; at most 10 lines shown).
    static func epochLines(_ bindings: [ParameterBindingRecord]) -> [String] {
        let losses = epochLosses(bindings)
        let epochs = losses.last?.epoch ?? 1
        return losses.map { epoch, loss in "epoch \(epoch)/\(epochs) loss=" + String(format: "%.3f", loss) }
    }

    /// The loss the emulated training reports at each of its last 10 epochs (also logged as the `loss` metric).
    static func epochLosses(_ bindings: [ParameterBindingRecord]) -> [(epoch: Int, loss: Double)] {
        let bound: Int? = bindings.first { $0.key == "epochs" }.flatMap { Int($0.value) }
        let epochs: Int = max(1, bound ?? 2)
        return (max(1, epochs - 9)...epochs).map { epoch in (epoch, (0.6 / Double(epoch + 1) * 1000).rounded() / 1000) }
    }

    private func runningLines(_ run: RunRecord, at: Date, group: String) -> [String] {
        let configuration = store.groups[group]?.configurations[run.configurationID]
        let parameters = (configuration?.parameterBindings ?? []).map { "\($0.key)=\($0.value)" }.joined(
            separator: ", ")
        let inputs = (configuration?.inputArtifactBindings ?? []).map { binding -> String in
            let url = store.groups[group]?.artifacts[binding.artifactID]?.url ?? binding.artifactID
            return "input \(binding.key) <- \(url)"
        }
        switch run.kind {
        case .execution:
            return [
                Self.platformLine(at, "capturing logs"),
                "Starting \(run.executableID) for configuration '\(run.configurationName)'",
                "parameters: \(parameters.isEmpty ? "(none)" : parameters)",
            ] + inputs + Self.epochLines(configuration?.parameterBindings ?? [])
        case .deployment:
            return [
                Self.platformLine(at, "starting predictor"),
                "Serving \(run.executableID) for configuration '\(run.configurationName)'",
                "parameters: \(parameters.isEmpty ? "(none)" : parameters)",
            ] + inputs + ["Uvicorn running on http://0.0.0.0:8080", "Application startup complete."]
        }
    }

    /// Registers the workflow's output artifacts, as AI Core does when an execution completes.
    private func completionLines(_ run: RunRecord, at: Date, group: String) -> [String] {
        var lines = ["training finished"]
        for output in store.executables[run.executableID]?.outputArtifacts ?? [] {
            let id = newID()
            let url = "ai://default/\(run.id)/\(output.name)"
            store.groups[group]?.artifacts[id] = ArtifactRecord(
                id: id, name: output.name, kind: output.kind ?? "model", url: url, scenarioID: run.scenarioID,
                description: output.description, labels: output.labels, executionID: run.id,
                configurationID: run.configurationID, createdAt: at, modifiedAt: at)
            lines.append("wrote output artifact \(output.name) to \(url)")
        }
        lines.append(Self.platformLine(at, "sub-process exited", extra: #"error="<nil>""#))
        return lines
    }

    /// A line in the format of AI Core's platform (Argo) logs, which promote hides unless asked.
    static func platformLine(_ at: Date, _ message: String, level: String = "info", extra: String = "") -> String {
        "time=\"\(WireTime.format(at))\" level=\(level) msg=\"\(message)\"" + (extra.isEmpty ? "" : " " + extra)
    }

    // MARK: logs

    func logs(_ kind: RunRecord.Kind, _ id: String, group: String?, query: QueryParameters) throws(EmulatorError)
        -> JSONValue
    {
        let group = try self.group(group)
        let top = try query.integer("top", minimum: 1, maximum: 5000) ?? 1000
        advanceRuns(in: group)
        let run = try existingRun(kind, id, group: group)
        let now = Date()
        var start = now.addingTimeInterval(-3600)
        if let text = query["start"] {
            guard let date = WireTime.parse(text) else {
                throw .badRequest("start '\(text)' is not a timestamp like 2024-05-01T10:00:00Z", target: "start")
            }
            start = date
        }
        var end = now
        if let text = query["end"] {
            guard let date = WireTime.parse(text) else {
                throw .badRequest("end '\(text)' is not a timestamp like 2024-05-01T10:00:00Z", target: "end")
            }
            end = min(date, now)
        }
        let order = query["order"] ?? "asc"
        guard order == "asc" || order == "desc" else { throw .badRequest("order must be asc or desc", target: "order") }
        var records = run.logs.filter { $0.timestamp >= start && $0.timestamp <= end }.sorted {
            $0.timestamp < $1.timestamp
        }
        if order == "desc" { records.reverse() }
        let result: [JSONValue] = records.prefix(top).map { record in
            [
                "timestamp": .string(WireTime.format(record.timestamp)), "msg": .string(record.message),
            ]
        }
        return ["data": ["result": .array(result)]]
    }

    // MARK: inference

    /// What a running deployment answers at its URL: enough for smoke tests to check it serves this configuration.
    func inference(deployment id: String, path: String, method: String) throws(EmulatorError) -> JSONValue {
        for group in store.groups.keys.sorted() {
            advanceRuns(in: group)
            guard let run = store.groups[group]?.runs[id], run.kind == .deployment else { continue }
            guard run.status == "RUNNING" else {
                throw EmulatorError(status: 503, code: "503", message: "Deployment \(id) is \(run.status), not serving")
            }
            let now = Date()
            store.groups[group]?.runs[id]?.logs.append(
                LogRecord(timestamp: now, message: "\"\(method) \(path) HTTP/1.1\" 200", container: "kserve-container"))
            let bindings = store.groups[group]?.configurations[run.configurationID]?.parameterBindings ?? []
            var parameters = JSONObject()
            for parameter in store.executables[run.executableID]?.parameters ?? [] {
                if let value = bindings.first(where: { $0.key == parameter.name })?.value ?? parameter.defaultValue {
                    parameters[parameter.name] = .string(value)
                }
            }
            return [
                "deploymentId": .string(id), "configurationId": .string(run.configurationID),
                "executableId": .string(run.executableID), "path": .string(path), "method": .string(method),
                "parameters": .object(parameters), "prediction": [0.5],
            ]
        }
        throw .notFound("Deployment ID \(id) not found")
    }
}
