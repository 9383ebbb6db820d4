import Foundation
import PromoteModel

// Scenarios, executables, artifacts and configurations (ai-api.md §6.3–§6.5).
extension EmulatorState {
    // MARK: scenarios and executables

    /// Scenarios are what the synced executables name; tenant-wide, visible from every resource group.
    func scenarios(group: String?) throws(EmulatorError) -> JSONValue {
        _ = try self.group(group)
        runDueSyncs()
        let all = scenarioIDs().compactMap(scenarioJSON)
        return Self.list(all, total: all.count)
    }

    func scenario(_ id: String, group: String?) throws(EmulatorError) -> JSONValue {
        _ = try self.group(group)
        runDueSyncs()
        guard let json = scenarioJSON(id) else { throw .notFound("Scenario \(id) not found") }
        return json
    }

    func scenarioVersions(_ id: String, group: String?) throws(EmulatorError) -> JSONValue {
        _ = try self.group(group)
        runDueSyncs()
        // An unknown scenario has no versions: the spec answers 200 (or 400), never 404, here.
        let executables = scenarioJSON(id) == nil ? [] : executables(ofScenario: id)
        let versions = Dictionary(grouping: executables, by: \.versionID).sorted { $0.key < $1.key }.map {
            version, members -> JSONValue in
            [
                "id": .string(version), "scenarioId": .string(id),
                "createdAt": .string(WireTime.format(members.map(\.createdAt).min() ?? Date())),
                "modifiedAt": .string(WireTime.format(members.map(\.modifiedAt).max() ?? Date())),
            ]
        }
        return Self.list(versions, total: versions.count)
    }

    func executables(scenario: String, group: String?, query: QueryParameters) throws(EmulatorError) -> JSONValue {
        _ = try self.group(group)
        runDueSyncs()
        // An unknown scenario has no executables: the spec answers 200 (or 400), never 404, here.
        let known = scenarioJSON(scenario) != nil
        let matching = (known ? executables(ofScenario: scenario) : []).filter {
            query["versionId"] == nil || $0.versionID == query["versionId"]
        }
        return Self.list(matching.map(Self.executableJSON), total: matching.count)
    }

    func executable(scenario: String, id: String, group: String?) throws(EmulatorError) -> JSONValue {
        _ = try self.group(group)
        runDueSyncs()
        guard let record = store.executables[id], record.scenarioID == scenario, scenarioJSON(scenario) != nil else {
            throw .notFound("Executable \(id) not found in scenario \(scenario)")
        }
        return Self.executableJSON(record)
    }

    /// `GET /lm/scenarios/{id}/models`: the models a scenario offers. On AI Core only the generative AI hub's
    /// `foundation-models` scenario lists any; the emulator answers a small static catalogue there and an empty
    /// list for every other scenario, known or not, as the spec allows (200, never 404).
    func scenarioModels(_ id: String, group: String?) throws(EmulatorError) -> JSONValue {
        _ = try self.group(group)
        guard id == "foundation-models" else { return Self.list([], total: 0) }
        let models: [JSONValue] = [
            Self.model("gpt-4o", executable: "azure-openai", provider: "Azure OpenAI", version: "2024-08-06"),
            Self.model("mistralai--mistral-large-instruct", executable: "aicore-mistralai", provider: "Mistral AI",
                version: "2407"),
        ]
        return Self.list(models, total: models.count)
    }

    private static func model(_ name: String, executable: String, provider: String, version: String) -> JSONValue {
        [
            "model": .string(name), "executableId": .string(executable), "displayName": .string(name),
            "description": .string("\(name) served by the generative AI hub (emulated catalogue entry)"),
            "provider": .string(provider), "accessType": "Remote",
            "versions": [["name": .string(version), "isLatest": true, "deprecated": false, "contextLength": 128_000]],
            "allowedScenarios": [["scenarioId": "foundation-models", "executableId": .string(executable)]],
        ]
    }

    func executables(ofScenario id: String) -> [ExecutableRecord] {
        store.executables.values.filter { $0.scenarioID == id }.sorted { $0.id < $1.id }
    }

    /// Scenario ids that AI Core would show: those with at least one workflow (templates.md §2).
    private func scenarioIDs() -> [String] {
        Set(store.executables.values.filter { !$0.deployable }.map(\.scenarioID)).sorted()
    }

    func scenarioJSON(_ id: String) -> JSONValue? {
        let members = executables(ofScenario: id)
        guard members.contains(where: { !$0.deployable }), let first = members.first else { return nil }
        var json: JSONObject = [
            "id": .string(id), "name": .string(first.scenarioName),
            "createdAt": .string(WireTime.format(members.map(\.createdAt).min() ?? Date())),
            "modifiedAt": .string(WireTime.format(members.map(\.modifiedAt).max() ?? Date())), "labels": [],
        ]
        if let description = members.compactMap(\.scenarioDescription).first {
            json["description"] = .string(description)
        }
        return .object(json)
    }

    static func executableJSON(_ record: ExecutableRecord) -> JSONValue {
        func artifacts(_ specs: [ArtifactSpecRecord]) -> JSONValue {
            // Only these keys: the SDK's artifact constructors take no others (ai-api.md §6.3).
            .array(
                specs.map { spec in
                    var json: JSONObject = ["name": .string(spec.name)]
                    if let kind = spec.kind { json["kind"] = .string(kind) }
                    if let description = spec.description { json["description"] = .string(description) }
                    if !spec.labels.isEmpty { json["labels"] = labelsJSON(spec.labels) }
                    return .object(json)
                })
        }
        var json: JSONObject = [
            "id": .string(record.id), "scenarioId": .string(record.scenarioID), "versionId": .string(record.versionID),
            "name": .string(record.name), "deployable": .bool(record.deployable), "labels": labelsJSON(record.labels),
            "parameters": .array(
                record.parameters.map { parameter in
                    var json: JSONObject = ["name": .string(parameter.name), "type": "string"]
                    if let value = parameter.defaultValue { json["default"] = .string(value) }
                    if let description = parameter.description { json["description"] = .string(description) }
                    return .object(json)
                }),
            "inputArtifacts": artifacts(record.inputArtifacts), "outputArtifacts": artifacts(record.outputArtifacts),
            "createdAt": .string(WireTime.format(record.createdAt)),
            "modifiedAt": .string(WireTime.format(record.modifiedAt)),
        ]
        if let description = record.description { json["description"] = .string(description) }
        return .object(json)
    }

    // MARK: artifacts

    static let artifactKinds = ["model", "dataset", "resultset", "other"]
    /// The spec's pattern for artifact and configuration names (`AiArtifactName`, `AiConfigurationName`): it allows
    /// the empty name.
    static let namePattern = #"^[\w\s.!?,;:\[\](){}<>"'=+*/\\^&%@~$#|-]*$"#

    /// A required name that fits the spec's pattern and length.
    static func name(_ body: JSONValue) throws(EmulatorError) -> String {
        guard let name = body["name"]?.stringValue else { throw .badRequest("name is required", target: "name") }
        guard name.count <= 256, name.range(of: namePattern, options: .regularExpression) != nil else {
            throw .badRequest("name '\(name)' must match \(namePattern) and be at most 256 characters", target: "name")
        }
        return name
    }

    /// The query parameters every `/lm` list shares, checked against the spec.
    static func checkListQuery(_ query: QueryParameters) throws(EmulatorError) {
        if let search = query["search"], search.count > 80 || search.contains("~") {
            throw .badRequest("$search must be 1 to 80 characters without '~'", target: "$search")
        }
        if let scenario = query["scenarioId"], scenario.range(of: idPattern, options: .regularExpression) == nil {
            throw .badRequest("scenarioId '\(scenario)' must match \(idPattern)", target: "scenarioId")
        }
        _ = try query.oneOf("expand", ["scenario"])
    }

    func createArtifact(_ body: JSONValue, group: String?) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        runDueSyncs()
        let name = try Self.name(body)
        guard let kind = body["kind"]?.stringValue, Self.artifactKinds.contains(kind) else {
            throw .badRequest("kind must be one of \(Self.artifactKinds.joined(separator: ", "))", target: "kind")
        }
        guard let url = body["url"]?.stringValue, url.count <= 1024,
            url.range(of: #"^([a-z0-9-]+)://.+"#, options: .regularExpression) != nil
        else {
            throw .badRequest("url must look like ai://default/path or s3://bucket/path", target: "url")
        }
        guard let scenario = body["scenarioId"]?.stringValue else {
            throw .badRequest("scenarioId is required", target: "scenarioId")
        }
        guard scenarioJSON(scenario) != nil else {
            throw .badRequest("Scenario \(scenario) not found", target: "scenarioId")
        }
        let now = Date()
        let id = newID()
        store.groups[group, default: GroupStore()].artifacts[id] = ArtifactRecord(
            id: id, name: name, kind: kind, url: url, scenarioID: scenario,
            description: body["description"]?.stringValue,
            labels: try Self.labels(body["labels"], field: "labels"), executionID: nil, configurationID: nil,
            createdAt: now, modifiedAt: now)
        persist()
        return ["id": .string(id), "message": "Artifact acknowledged", "url": .string(url)]
    }

    func artifact(_ id: String, group: String?, query: QueryParameters) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        advanceRuns(in: group)
        guard let record = store.groups[group]?.artifacts[id] else { throw .notFound("Artifact \(id) not found") }
        return artifactJSON(record, expand: query["expand"] == "scenario")
    }

    func artifacts(group: String?, query: QueryParameters) throws(EmulatorError) -> (all: Int, page: [JSONValue]) {
        let group = try self.group(group)
        advanceRuns(in: group)
        try Self.checkListQuery(query)
        _ = try query.oneOf("kind", Self.artifactKinds)
        let selectors = try Self.labelSelectors(
            query, name: "artifactLabelSelector", pattern: #"^ext\.ai\.sap\.com/[\w.-]+!?=[^ =,]+$"#)
        let matching = (store.groups[group]?.artifacts.values ?? [:].values).sorted {
            ($0.createdAt, $0.id) < ($1.createdAt, $1.id)
        }
        .filter { record in
            (query["scenarioId"] == nil || record.scenarioID == query["scenarioId"])
                && (query["executionId"] == nil || record.executionID == query["executionId"])
                && (query["name"] == nil || record.name == query["name"])
                && (query["kind"] == nil || record.kind == query["kind"])
                && Self.matchesSearch(record.name, query)
                && selectors.allSatisfy { selector in Self.labelMatches(selector, record.labels) }
        }
        return (
            matching.count, try query.page(matching).map { artifactJSON($0, expand: query["expand"] == "scenario") }
        )
    }

    private func artifactJSON(_ record: ArtifactRecord, expand: Bool) -> JSONValue {
        var json: JSONObject = [
            "id": .string(record.id), "name": .string(record.name), "kind": .string(record.kind),
            "url": .string(record.url), "scenarioId": .string(record.scenarioID),
            "labels": Self.labelsJSON(record.labels),
            "createdAt": .string(WireTime.format(record.createdAt)),
            "modifiedAt": .string(WireTime.format(record.modifiedAt)),
        ]
        if let description = record.description { json["description"] = .string(description) }
        if let execution = record.executionID { json["executionId"] = .string(execution) }
        if let configuration = record.configurationID { json["configurationId"] = .string(configuration) }
        if expand, let scenario = scenarioJSON(record.scenarioID) { json["scenario"] = scenario }
        return .object(json)
    }

    /// `key=value` or `key!=value` against a label list.
    static func labelMatches(_ selector: String, _ labels: [LabelRecord]) -> Bool {
        if let range = selector.range(of: "!=") {
            let key = String(selector[..<range.lowerBound])
            return !labels.contains { $0.key == key && $0.value == String(selector[range.upperBound...]) }
        }
        let parts = selector.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return labels.contains { $0.key == selector } }
        return labels.contains { $0.key == parts[0] && $0.value == parts[1] }
    }

    // MARK: configurations

    func createConfiguration(_ body: JSONValue, group: String?) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        runDueSyncs()
        let name = try Self.name(body)
        guard let scenario = body["scenarioId"]?.stringValue, scenarioJSON(scenario) != nil else {
            throw .badRequest(
                "Scenario \(body["scenarioId"]?.stringValue ?? "(missing)") not found", target: "scenarioId")
        }
        guard let executableID = body["executableId"]?.stringValue, let executable = store.executables[executableID],
            executable.scenarioID == scenario
        else {
            throw .badRequest(
                "Executable \(body["executableId"]?.stringValue ?? "(missing)") not found in scenario \(scenario)",
                target: "executableId")
        }
        var parameters: [ParameterBindingRecord] = []
        for element in body["parameterBindings"]?.arrayValue ?? [] {
            guard let key = element["key"]?.stringValue, let value = element["value"]?.stringValue else {
                throw .badRequest("every parameter binding needs a string key and value", target: "parameterBindings")
            }
            parameters.append(ParameterBindingRecord(key: key, value: value))
        }
        var artifacts: [ArtifactBindingRecord] = []
        for element in body["inputArtifactBindings"]?.arrayValue ?? [] {
            guard let key = element["key"]?.stringValue, let artifactID = element["artifactId"]?.stringValue else {
                throw .badRequest(
                    "every input artifact binding needs a key and an artifactId", target: "inputArtifactBindings")
            }
            artifacts.append(ArtifactBindingRecord(key: key, artifactID: artifactID))
        }
        let record = ConfigurationRecord(
            id: newID(), name: name, scenarioID: scenario, executableID: executableID, parameterBindings: parameters,
            inputArtifactBindings: artifacts, createdAt: Date())
        if configuration.strict, let problem = bindingProblems(record, executable: executable, group: group).first {
            throw .badRequest(problem, target: "parameterBindings")
        }
        store.groups[group, default: GroupStore()].configurations[record.id] = record
        persist()
        return ["id": .string(record.id), "message": "Configuration created"]
    }

    func configuration(_ id: String, group: String?, query: QueryParameters) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        guard let record = store.groups[group]?.configurations[id] else {
            throw .notFound("Configuration \(id) not found")
        }
        return configurationJSON(record, expand: query["expand"] == "scenario")
    }

    func configurations(group: String?, query: QueryParameters) throws(EmulatorError) -> (all: Int, page: [JSONValue]) {
        let group = try self.group(group)
        try Self.checkListQuery(query)
        let executables = query.list("executableIds")
        let matching = (store.groups[group]?.configurations.values ?? [:].values)
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            .filter { record in
                (query["scenarioId"] == nil || record.scenarioID == query["scenarioId"])
                    && (executables == nil || executables?.contains(record.executableID) == true)
                    && Self.matchesSearch(record.name, query)
            }
        return (
            matching.count,
            try query.page(matching).map { configurationJSON($0, expand: query["expand"] == "scenario") }
        )
    }

    private func configurationJSON(_ record: ConfigurationRecord, expand: Bool) -> JSONValue {
        var json: JSONObject = [
            "id": .string(record.id), "name": .string(record.name), "scenarioId": .string(record.scenarioID),
            "executableId": .string(record.executableID),
            "parameterBindings": .array(
                record.parameterBindings.map { ["key": .string($0.key), "value": .string($0.value)] }),
            "inputArtifactBindings": .array(
                record.inputArtifactBindings.map { ["key": .string($0.key), "artifactId": .string($0.artifactID)] }),
            "createdAt": .string(WireTime.format(record.createdAt)),
        ]
        if expand, let scenario = scenarioJSON(record.scenarioID) { json["scenario"] = scenario }
        return .object(json)
    }
}
