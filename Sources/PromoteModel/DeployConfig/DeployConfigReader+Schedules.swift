import Foundation

extension DeployConfigReader {
    /// A `schedules[]` entry read as far as it can be before its configuration name is resolved.
    private struct ScheduleEntry {
        enum Configuration {
            /// The entry declares the configuration itself, as executions do.
            case declared(ConfigurationSpec)
            /// The entry names the configuration of an execution (or of another schedule).
            case named(String)
        }

        let reader: JSONObjectReader
        let name: String?
        let configuration: Configuration?
        let cron: CronExpression?
        let start: Date?
        let end: Date?
        let status: ScheduleSpec.Status?
    }

    /// Reads every schedule, then resolves the configurations they name against the executions' and the ones
    /// schedules declare (in any order).
    func readSchedules(_ reader: JSONObjectReader, executions: [RunSpec]) -> [ScheduleSpec] {
        let entries = (reader.objects("schedules") ?? []).map(readSchedule)
        var available: [String: ConfigurationSpec] = [:]
        for configuration in executions.map(\.configuration) where available[configuration.name] == nil {
            available[configuration.name] = configuration
        }
        for entry in entries {
            if case .declared(let configuration) = entry.configuration, available[configuration.name] == nil {
                available[configuration.name] = configuration
            }
        }
        return entries.compactMap { entry -> ScheduleSpec? in
            let resolved: (spec: ConfigurationSpec, declared: Bool)?
            switch entry.configuration {
            case .declared(let configuration): resolved = (configuration, true)
            case .named(let name): resolved = resolve(name, entry.reader, available: available).map { ($0, false) }
            case nil: resolved = nil
            }
            guard let name = entry.name, let resolved, let cron = entry.cron, let status = entry.status else {
                return nil
            }
            return ScheduleSpec(
                name: name, configuration: resolved.spec, declaresConfiguration: resolved.declared, cron: cron,
                start: entry.start, end: entry.end, status: status)
        }
    }

    private func readSchedule(_ reader: JSONObjectReader) -> ScheduleEntry {
        reader.rejectUnknownKeys(Self.scheduleKeys)
        let name = reader.string("name", required: true).flatMap { scheduleName(reader, $0) }
        let configuration = readScheduleConfiguration(reader)
        let cron = reader.string("cron", required: true).flatMap { cronExpression(reader, $0) }
        let start = timestamp(reader, "start")
        let end = timestamp(reader, "end")
        if let start, let end, end <= start {
            reader.problem(
                "end",
                "\(RFC3339Timestamp.format(end)) is not after start \(RFC3339Timestamp.format(start)); a schedule "
                    + "ends after it starts")
        } else if let cron {
            checkFires(reader, cron, start: start, end: end)
        }
        let status =
            reader.string("status").map { text -> ScheduleSpec.Status? in
                guard let status = ScheduleSpec.Status(rawValue: text) else {
                    let hint =
                        ScheduleSpec.Status(rawValue: text.uppercased()) == nil ? "" : " (statuses are upper case)"
                    reader.problem("status", "\"\(text)\" is not a schedule status: use ACTIVE or INACTIVE\(hint)")
                    return nil
                }
                return status
            } ?? .active
        return ScheduleEntry(
            reader: reader, name: name, configuration: configuration, cron: cron, start: start, end: end,
            status: status)
    }

    /// AI Core takes names of at most 256 characters; promote finds schedules by name, so each is used once.
    private func scheduleName(_ reader: JSONObjectReader, _ name: String) -> String? {
        guard name.count <= Self.maximumScheduleNameLength else {
            reader.problem(
                "name",
                "the name has \(name.count) characters; AI Core allows at most \(Self.maximumScheduleNameLength)")
            return nil
        }
        claim(name, in: &scheduleNames, at: reader, field: "name") { first in
            "duplicate schedule name \"\(name)\" (first at \(first)); schedule names must be unique, since promote "
                + "finds schedules by name"
        }
        return name
    }

    /// `configuration` names a configuration (a string) or declares one (an object, as executions do).
    private func readScheduleConfiguration(_ reader: JSONObjectReader) -> ScheduleEntry.Configuration? {
        let key = "configuration"
        switch reader.object[key] {
        case nil:
            reader.problem(
                key,
                "required key is missing; name the configuration of an execution (\"configuration\": \"<name>\") "
                    + "or declare one here as executions do")
            return nil
        case .string(let name):
            guard !name.trimmingWhitespace().isEmpty else {
                reader.problem(key, "must not be empty")
                return nil
            }
            return .named(name)
        case .object:
            return reader.object(key).flatMap(readConfiguration).map { ScheduleEntry.Configuration.declared($0) }
        case let value?:
            reader.problem(
                key, "expected a configuration name (a string) or a configuration object, got \(value.typeDescription)")
            return nil
        }
    }

    private func resolve(_ name: String, _ reader: JSONObjectReader, available: [String: ConfigurationSpec])
        -> ConfigurationSpec?
    {
        if let configuration = available[name] { return configuration }
        if deploymentConfigurationNames.contains(name) {
            reader.problem(
                "configuration",
                "\"\(name)\" is a deployment's configuration; a schedule starts executions, so name an execution's "
                    + "configuration (or declare a workflow configuration here)")
        } else if configurationNames[name] == nil {
            let known = available.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            reader.problem(
                "configuration",
                known.isEmpty
                    ? "\"\(name)\" is not a configuration of this config, which has no executions; declare the "
                        + "configuration here as an object with name, scenario_id and executable_id"
                    : "\"\(name)\" is not a configuration of an execution or schedule; known: \(known)")
        }
        // Else it is declared but has problems of its own, already reported.
        return nil
    }

    private func cronExpression(_ reader: JSONObjectReader, _ text: String) -> CronExpression? {
        do {
            return try CronExpression(parsing: text)
        } catch {
            let example = "e.g. \"0 3 * * 1\" runs at 03:00 UTC every Monday"
            reader.problem("cron", "\"\(text)\" is not a valid cron: \(error.description); \(example)")
            return nil
        }
    }

    /// An optional RFC 3339 timestamp; a number (seconds since 1970, the usual mistake) is refused with the form.
    private func timestamp(_ reader: JSONObjectReader, _ key: String) -> Date? {
        guard let value = reader.object[key] else { return nil }
        guard case .string(let text) = value else {
            reader.problem(
                key, "expected an RFC 3339 timestamp string like \"2026-01-05T03:00:00Z\", got \(value.typeDescription)"
            )
            return nil
        }
        do {
            return try RFC3339Timestamp.parse(text)
        } catch {
            reader.problem(key, error.description)
            return nil
        }
    }

    /// A cron that matches no date (30 February), or none between `start` and `end`, would never start anything.
    private func checkFires(_ reader: JSONObjectReader, _ cron: CronExpression, start: Date?, end: Date?) {
        // One second before the start, so that a cron time exactly at the start counts.
        guard let first = cron.nextFire(after: (start ?? Date()).addingTimeInterval(-1)) else {
            reader.problem("cron", "\"\(cron)\" never fires: no date matches it; check the day and month fields")
            return
        }
        if let start, let end, first > end {
            reader.problem(
                "cron",
                "\"\(cron)\" does not fire between start \(RFC3339Timestamp.format(start)) and end "
                    + "\(RFC3339Timestamp.format(end)) (its first time is \(RFC3339Timestamp.format(first))); "
                    + "move the end or change the cron")
        }
    }
}
