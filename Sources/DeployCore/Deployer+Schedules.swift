import AICore
import Foundation
import PromoteModel

extension Deployer {
    // MARK: 5b. schedules

    /// Makes the resource group's execution schedules what the config lists, matched by name: an identical one is
    /// kept, one that differs is changed, a missing one is created, and others with the same name are removed (one
    /// schedule per name). With `clean_up`, schedules the config no longer lists are removed too, within `scope`
    /// (the scenarios of their configurations; nil: the whole resource group) and `--only`. Schedules are listed
    /// once (by the inventory, when it is given).
    func reconcileSchedules(
        _ config: DeployConfig, configurationIDs: [String: String], listed: [ConfigurationInfo]?,
        existing listedSchedules: [ScheduleInfo]?, scope: Set<String>?, only: [String]
    ) async throws -> [ScheduleReport] {
        guard !config.schedules.isEmpty || config.cleanUp else { return [] }
        let existing: [ScheduleInfo]
        if let listedSchedules { existing = listedSchedules } else { existing = try await client.schedules() }
        var configurations = listed
        // The configurations only matter for naming what is removed and for the clean-up's scope.
        func configurationsByID() async throws -> [String: ConfigurationInfo] {
            if configurations == nil { configurations = try await client.configurations() }
            return Dictionary((configurations ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        var reports: [ScheduleReport] = []
        var known = Set(existing.map(\.id))
        for spec in config.schedules {
            let configurationID = configurationIDs[spec.configuration.name] ?? ""
            let sameName = existing.filter { $0.name == spec.name }
            let chosen =
                sameName.first { Self.difference(spec, configurationID: configurationID, from: $0).fields.isEmpty }
                ?? sameName.first
            let report = try await reconcile(spec, configurationID: configurationID, existing: chosen, known: &known)
            reports.append(report)
            for duplicate in sameName where duplicate.id != chosen?.id {
                try await client.deleteSchedule(duplicate.id)
                await output.line(
                    "[schedule \(spec.name)] removed \(duplicate.id): a second schedule with this name (promote keeps "
                        + "one per name)")
                let runs =
                    duplicate.configurationID == configurationID
                    ? spec.configuration.name : try await configurationsByID()[duplicate.configurationID]?.name
                reports.append(Self.removed(duplicate, configuration: runs))
            }
        }
        guard config.cleanUp, !existing.isEmpty else { return reports }
        let names = Set(config.schedules.map(\.name))
        let byID = try await configurationsByID()
        let leftovers = existing.filter { schedule in
            guard !names.contains(schedule.name) else { return false }
            let configuration = byID[schedule.configurationID]
            let inScope = scope == nil || scope?.contains(configuration?.scenarioID ?? "") == true
            let inOnly =
                only.isEmpty
                || configuration.map { only.contains($0.name) || only.contains($0.executableID) } == true
            return inScope && inOnly
        }
        for schedule in leftovers {
            try await client.deleteSchedule(schedule.id)
            await output.line("[schedule \(schedule.name)] removed \(schedule.id): the config no longer lists it")
            reports.append(Self.removed(schedule, configuration: byID[schedule.configurationID]?.name))
        }
        return reports
    }

    /// Creates, changes or keeps one schedule of the config.
    private func reconcile(
        _ spec: ScheduleSpec, configurationID: String, existing: ScheduleInfo?, known: inout Set<String>
    ) async throws -> ScheduleReport {
        var report = ScheduleReport(
            name: spec.name, id: existing?.id ?? "", configuration: spec.configuration.name,
            configurationID: configurationID, cron: spec.cron.description, status: spec.status.rawValue,
            action: .kept, changes: nil)
        let prefix = "[schedule \(spec.name)]"
        guard let existing else {
            report.id = try await create(spec, configurationID: configurationID, known: &known)
            report.action = .created
            await output.line("\(prefix) created \(report.id) (\(spec.cron), configuration \(spec.configuration.name))")
            return report
        }
        let difference = Self.difference(spec, configurationID: configurationID, from: existing)
        guard !difference.fields.isEmpty else { return report }
        report.action = .updated
        report.changes = difference.fields
        if difference.recreate {
            // AI Core cannot clear an end once set: the schedule is replaced by one without.
            try await client.deleteSchedule(existing.id)
            report.id = try await create(spec, configurationID: configurationID, known: &known)
            await output.line(
                "\(prefix) replaced \(existing.id) by \(report.id) to change \(difference.fields.joined(separator: ", "))"
                    + " (AI Core cannot clear an end)")
        } else {
            try await client.modifySchedule(existing.id, difference.change)
            await output.line("\(prefix) updated \(existing.id): \(difference.fields.joined(separator: ", "))")
        }
        return report
    }

    /// Creates the schedule (AI Core creates it ACTIVE) and sets it INACTIVE when the config says so; its id.
    private func create(_ spec: ScheduleSpec, configurationID: String, known: inout Set<String>) async throws
        -> String
    {
        let created = try await client.createSchedule(
            name: spec.name, configurationID: configurationID, cron: spec.cron.description,
            start: spec.start.map(RFC3339Timestamp.format), end: spec.end.map(RFC3339Timestamp.format), known: known)
        known.insert(created.id)
        if spec.status == .inactive {
            try await client.modifySchedule(created.id, ScheduleChange(status: spec.status.rawValue))
        }
        return created.id
    }

    /// What differs between the config's schedule and an existing one: the change to send, the fields it touches,
    /// and whether the schedule must be replaced instead (an end to clear).
    static func difference(
        _ spec: ScheduleSpec, configurationID: String, from existing: ScheduleInfo, now: Date = Date()
    )
        -> (change: ScheduleChange, fields: [String], recreate: Bool)
    {
        var change = ScheduleChange()
        var fields: [String] = []
        var recreate = false
        if !ScheduleInfo.sameCron(spec.cron.description, existing.cron) {
            change.cron = spec.cron.description
            fields.append("cron")
        }
        if configurationID != existing.configurationID {
            change.configurationID = configurationID
            fields.append("configuration")
        }
        let existingStart = existing.start.flatMap { try? RFC3339Timestamp.parse($0) }
        if let start = spec.start {
            if !sameInstant(start, existingStart) {
                change.start = RFC3339Timestamp.format(start)
                fields.append("start")
            }
        } else if let existingStart, existingStart > now {
            // No start in the config means from now on; one left in the future by an earlier config would hold it.
            change.start = RFC3339Timestamp.format(now)
            fields.append("start")
        }
        let existingEnd = existing.end.flatMap { try? RFC3339Timestamp.parse($0) }
        if let end = spec.end {
            if !sameInstant(end, existingEnd) {
                change.end = RFC3339Timestamp.format(end)
                fields.append("end")
            }
        } else if existing.end != nil {
            recreate = true
            fields.append("end")
        }
        if spec.status.rawValue != existing.status {
            change.status = spec.status.rawValue
            fields.append("status")
        }
        return (change, fields, recreate)
    }

    /// AI Core keeps microseconds; a millisecond apart is the same time.
    private static func sameInstant(_ one: Date, _ two: Date?) -> Bool {
        two.map { abs(one.timeIntervalSince($0)) < 0.001 } ?? false
    }

    private static func removed(_ schedule: ScheduleInfo, configuration: String?) -> ScheduleReport {
        ScheduleReport(
            name: schedule.name, id: schedule.id, configuration: configuration,
            configurationID: schedule.configurationID, cron: schedule.cron, status: schedule.status, action: .removed,
            changes: nil)
    }
}
