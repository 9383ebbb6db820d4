import Foundation
import PromoteModel

// Tracking (`/lm/metrics`): what training code logs for its execution with the SDK's tracking helpers, and what the
// emulator logs itself when an execution completes (its training loss per epoch).
extension EmulatorState {
    /// `PATCH /lm/metrics`: adds metrics to an execution's resource; tags and custom info replace those of the
    /// same name (merge-patch). The execution must exist in the group.
    func patchMetrics(_ body: JSONValue, group: String?) throws(EmulatorError) {
        let group = try self.group(group)
        advanceRuns(in: group)
        guard let executionID = body["executionId"]?.stringValue,
            executionID.range(of: Self.idPattern, options: .regularExpression) != nil
        else {
            throw .badRequest("executionId is required and must match \(Self.idPattern)", target: "executionId")
        }
        guard store.groups[group]?.runs[executionID] != nil else {
            throw .badRequest(
                "Execution or deployment \(executionID) not found in resource group \(group)", target: "executionId")
        }
        let now = Date()
        var metrics: [MetricRecord] = []
        for element in try Self.array(body["metrics"], field: "metrics") {
            guard let name = element["name"]?.stringValue, !name.isEmpty, name.count <= 256 else {
                throw .badRequest("every metric needs a name of 1 to 256 characters", target: "metrics")
            }
            guard let value = element["value"]?.numberValue else {
                throw .badRequest("metric \(name) needs a numeric value", target: "metrics")
            }
            var step: Int?
            if let given = element["step"], !given.isNull {
                guard let number = given.intValue, number >= 0 else {
                    throw .badRequest("metric \(name) has a step that is not a non-negative integer", target: "metrics")
                }
                step = number
            }
            metrics.append(
                MetricRecord(
                    name: name, value: value,
                    timestamp: try Self.timestamp(element["timestamp"], field: "timestamp") ?? now,
                    step: step, labels: try Self.namedValues(element["labels"], field: "labels")))
        }
        let tags = try Self.namedValues(body["tags"], field: "tags")
        let customInfo = try Self.namedValues(body["customInfo"], field: "customInfo")
        var record =
            store.groups[group]?.metrics[executionID]
            ?? MetricResourceRecord(
                executionID: executionID, createdAt: now, modifiedAt: now, metrics: [], tags: [], customInfo: [])
        record.metrics += metrics
        record.tags = Self.merged(record.tags, tags)
        record.customInfo = Self.merged(record.customInfo, customInfo)
        record.modifiedAt = now
        store.groups[group]?.metrics[executionID] = record
        persist()
    }

    /// `GET /lm/metrics` filtered by `$filter` (`executionId eq 'x'` or `executionId in ('x','y')`), `executionIds`
    /// and `tagFilters`, reduced by `$select`.
    func metrics(group: String?, query: QueryParameters) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        advanceRuns(in: group)
        var wanted: Set<String>?
        if let filter = query["filter"] {
            wanted = try Self.executionFilter(filter)
        }
        if let ids = query.list("executionIds") {
            wanted = (wanted ?? Set(ids)).intersection(ids)
        }
        let tagFilters = query.list("tagFilters") ?? []
        let select = Set(query.list("select") ?? ["*"])
        let allowed: Set<String> = ["metrics", "tags", "customInfo", "*"]
        guard select.isSubset(of: allowed) else {
            throw .badRequest("$select takes *, metrics, tags or customInfo", target: "$select")
        }
        let all = select.contains("*")
        let matching = (store.groups[group].map { Array($0.metrics.values) } ?? [])
            .filter { wanted?.contains($0.executionID) ?? true }
            .filter { record in tagFilters.allSatisfy { Self.tagMatches($0, record.tags) } }
            .sorted { ($0.createdAt, $0.executionID) < ($1.createdAt, $1.executionID) }
        let page = try query.page(matching, defaultTop: 1000, maximumTop: 10_000)
        let resources: [JSONValue] = page.map { record in
            var json: JSONObject = [
                "executionId": .string(record.executionID), "createdAt": .string(WireTime.format(record.createdAt)),
                "modifiedAt": .string(WireTime.format(record.modifiedAt)),
            ]
            if all || select.contains("metrics") { json["metrics"] = .array(record.metrics.map(Self.metricJSON)) }
            if all || select.contains("tags") { json["tags"] = Self.namedValuesJSON(record.tags) }
            if all || select.contains("customInfo") { json["customInfo"] = Self.namedValuesJSON(record.customInfo) }
            return .object(json)
        }
        return Self.list(resources, total: matching.count)
    }

    /// `DELETE /lm/metrics?executionId=…`.
    func deleteMetrics(group: String?, query: QueryParameters) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        guard let executionID = query["executionId"] else {
            throw .badRequest("executionId is required", target: "executionId")
        }
        guard store.groups[group]?.metrics.removeValue(forKey: executionID) != nil else {
            throw .notFound("No metrics recorded for execution \(executionID)")
        }
        persist()
        return ["id": .string(executionID), "message": "Metric Resource was successfully deleted"]
    }

    /// What the emulator logs for an execution that completes: its training loss at each epoch of its log, then
    /// the values its template's `emulator.promote.dev/metrics` annotation names (`auc=0.83, f1=0.7`) at the last
    /// epoch, so that a model's quality can be set per commit, reproducibly.
    func recordTrainingMetrics(_ run: RunRecord, at: Date, group: String) {
        let bindings = store.groups[group]?.configurations[run.configurationID]?.parameterBindings ?? []
        let losses = Self.epochLosses(bindings)
        let declared = Self.annotatedMetrics(store.executables[run.executableID]?.metricsAnnotation)
        guard !losses.isEmpty || !declared.isEmpty else { return }
        var record =
            store.groups[group]?.metrics[run.id]
            ?? MetricResourceRecord(
                executionID: run.id, createdAt: at, modifiedAt: at, metrics: [], tags: [], customInfo: [])
        record.metrics += losses.map { epoch, loss in
            MetricRecord(name: "loss", value: loss, timestamp: at, step: epoch, labels: [])
        }
        let lastEpoch = losses.last?.epoch
        record.metrics += declared.map { name, value in
            MetricRecord(name: name, value: value, timestamp: at, step: lastEpoch, labels: [])
        }
        record.modifiedAt = at
        store.groups[group]?.metrics[run.id] = record
    }

    /// `auc=0.83, f1=0.7` as (name, value) pairs; items that are not `name=number` are skipped.
    static func annotatedMetrics(_ text: String?) -> [(name: String, value: Double)] {
        guard let text else { return [] }
        return text.split(separator: ",").compactMap { item in
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 256, let value = Double(parts[1]),
                value.isFinite
            else { return nil }
            return (parts[0], value)
        }
    }

    // MARK: helpers

    private static func array(_ value: JSONValue?, field: String) throws(EmulatorError) -> [JSONValue] {
        guard let value, !value.isNull else { return [] }
        guard let elements = value.arrayValue else { throw .badRequest("\(field) must be an array", target: field) }
        return elements
    }

    private static func namedValues(_ value: JSONValue?, field: String) throws(EmulatorError) -> [NamedValueRecord] {
        try array(value, field: field).map { element throws(EmulatorError) in
            guard let name = element["name"]?.stringValue, !name.isEmpty, name.count <= 256,
                let text = element["value"]?.stringValue, !text.isEmpty
            else {
                throw .badRequest("every item of \(field) needs a non-empty name and value", target: field)
            }
            guard field == "customInfo" || text.count <= 256 else {
                throw .badRequest("the value of \(field) item \(name) is longer than 256 characters", target: field)
            }
            return NamedValueRecord(name: name, value: text)
        }
    }

    private static func merged(_ old: [NamedValueRecord], _ new: [NamedValueRecord]) -> [NamedValueRecord] {
        let replaced = Set(new.map(\.name))
        return old.filter { !replaced.contains($0.name) } + new
    }

    /// `executionId eq 'x'` or `executionId in ('x', 'y')`: the two forms the spec allows.
    static func executionFilter(_ filter: String) throws(EmulatorError) -> Set<String> {
        let text = filter.trimmingCharacters(in: .whitespaces)
        let quoted = #"'([\w.-]{4,64})'"#
        if let match = text.range(of: #"^executionId\s+eq\s+"# + quoted + "$", options: .regularExpression) {
            return Set(Self.quotedValues(String(text[match])))
        }
        if text.range(
            of: #"^executionId\s+in\s*\(\s*"# + quoted + #"(\s*,\s*"# + quoted + #")*\s*\)$"#,
            options: .regularExpression) != nil
        {
            return Set(Self.quotedValues(text))
        }
        throw .badRequest(
            "$filter must be executionId eq 'ID' or executionId in ('ID1','ID2'); only eq and in are supported",
            target: "$filter")
    }

    private static func quotedValues(_ text: String) -> [String] {
        text.split(separator: "'", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// `name=value`, `name!=value` or `name` against tags.
    private static func tagMatches(_ filter: String, _ tags: [NamedValueRecord]) -> Bool {
        labelMatches(filter, tags.map { LabelRecord(key: $0.name, value: $0.value) })
    }

    private static func metricJSON(_ metric: MetricRecord) -> JSONValue {
        var json: JSONObject = [
            "name": .string(metric.name), "value": .number(metric.value),
            "timestamp": .string(WireTime.format(metric.timestamp)), "labels": namedValuesJSON(metric.labels),
        ]
        if let step = metric.step { json["step"] = .int(step) }
        return .object(json)
    }

    private static func namedValuesJSON(_ values: [NamedValueRecord]) -> JSONValue {
        .array(values.map { ["name": .string($0.name), "value": .string($0.value)] })
    }
}
