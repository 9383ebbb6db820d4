import Foundation
import PromoteModel

// Execution schedules (`/lm/executionSchedules`): each starts an execution of its configuration at every cron time
// of the schedule clock, which runs `scheduleClockRate` times as fast as real time so tests need not wait minutes.
extension EmulatorState {
    /// At most this many executions start for one schedule when a reader finds several cron times passed; older
    /// ones are skipped, as a cron controller skips runs it missed.
    static let maximumCatchUpFires = 10

    /// The schedule clock's time now.
    func scheduleNow() -> Date {
        startedAt.addingTimeInterval(Date().timeIntervalSince(startedAt) * configuration.scheduleClockRate)
    }

    func createSchedule(_ body: JSONValue, group: String?) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        let name = try Self.scheduleName(body["name"])
        let cron = try Self.cron(body["cron"])
        let configurationID = try scheduledConfiguration(body["configurationId"], group: group)
        let now = scheduleNow()
        let start = try Self.timestamp(body["start"], field: "start") ?? now
        let end = try Self.timestamp(body["end"], field: "end")
        try Self.checkWindow(start: start, end: end)
        let record = ScheduleRecord(
            id: newID(), name: name, configurationID: configurationID, cron: cron, start: start, end: end,
            status: "ACTIVE", createdAt: Date(), modifiedAt: Date(), checkedUntil: now)
        store.groups[group, default: GroupStore()].schedules[record.id] = record
        persist()
        return ["id": .string(record.id), "message": "Execution Schedule created"]
    }

    func schedules(group: String?, query: QueryParameters) throws(EmulatorError) -> (all: Int, page: [JSONValue]) {
        let group = try self.group(group)
        runDueSchedules(in: group)
        let status = try query.oneOf("status", ["ACTIVE", "INACTIVE"])
        let matching = (store.groups[group].map { Array($0.schedules.values) } ?? [])
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            .filter { schedule in
                (query["configurationId"] == nil || schedule.configurationID == query["configurationId"])
                    && (status == nil || schedule.status == status)
            }
        return (matching.count, try query.page(matching).map(Self.scheduleJSON))
    }

    func schedule(_ id: String, group: String?) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        runDueSchedules(in: group)
        return Self.scheduleJSON(try existingSchedule(id, group: group))
    }

    func modifySchedule(_ id: String, _ body: JSONValue, group: String?) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        runDueSchedules(in: group)
        var record = try existingSchedule(id, group: group)
        if let cron = body["cron"], !cron.isNull { record.cron = try Self.cron(cron) }
        if let configuration = body["configurationId"], !configuration.isNull {
            record.configurationID = try scheduledConfiguration(configuration, group: group)
        }
        if let start = try Self.timestamp(body["start"], field: "start") { record.start = start }
        if let end = try Self.timestamp(body["end"], field: "end") { record.end = end }
        try Self.checkWindow(start: record.start ?? record.createdAt, end: record.end)
        if let status = body["status"], !status.isNull {
            guard let text = status.stringValue, text == "ACTIVE" || text == "INACTIVE" else {
                throw .badRequest("status must be ACTIVE or INACTIVE", target: "status")
            }
            // A schedule made active again starts from now: it does not make up for the time it was inactive.
            if text == "ACTIVE" && record.status != "ACTIVE" { record.checkedUntil = scheduleNow() }
            record.status = text
        }
        record.modifiedAt = Date()
        store.groups[group]?.schedules[id] = record
        persist()
        return ["id": .string(id), "message": "Execution Schedule modified"]
    }

    func deleteSchedule(_ id: String, group: String?) throws(EmulatorError) -> JSONValue {
        let group = try self.group(group)
        _ = try existingSchedule(id, group: group)
        store.groups[group]?.schedules[id] = nil
        persist()
        return ["id": .string(id), "message": "Execution Schedule deleted"]
    }

    /// Starts the executions of every active schedule whose cron times have passed on the schedule clock. Called
    /// whenever a request looks at a group's executions or schedules, like the rest of the lifecycle.
    func runDueSchedules(in group: String) {
        guard let schedules = store.groups[group]?.schedules, !schedules.isEmpty else { return }
        let now = scheduleNow()
        for (id, schedule) in schedules where schedule.status == "ACTIVE" && schedule.checkedUntil < now {
            guard let cron = try? CronExpression(parsing: schedule.cron) else { continue }
            var fires: [Date] = []
            // One second before the start, so a cron time exactly at the start fires.
            var cursor = max(schedule.checkedUntil, (schedule.start ?? .distantPast).addingTimeInterval(-1))
            while let next = cron.nextFire(after: cursor), next <= now, schedule.end.map({ next <= $0 }) ?? true {
                fires.append(next)
                if fires.count > Self.maximumCatchUpFires { fires.removeFirst() }
                cursor = next
            }
            store.groups[group]?.schedules[id]?.checkedUntil = now
            for _ in fires {
                guard let started = try? createExecution(["configurationId": .string(schedule.configurationID)],
                    group: group),
                    let executionID = started["id"]?.stringValue
                else { continue }
                store.groups[group]?.runs[executionID]?.executionScheduleID = id
            }
            persist()
        }
    }

    private func existingSchedule(_ id: String, group: String) throws(EmulatorError) -> ScheduleRecord {
        guard let record = store.groups[group]?.schedules[id] else {
            throw .notFound("Execution schedule \(id) not found")
        }
        return record
    }

    /// A configuration of this group whose executable is a workflow: schedules start executions.
    private func scheduledConfiguration(_ value: JSONValue?, group: String) throws(EmulatorError) -> String {
        runDueSyncs()
        guard let id = value?.stringValue else {
            throw .badRequest("configurationId is required", target: "configurationId")
        }
        guard let configuration = store.groups[group]?.configurations[id] else {
            throw .badRequest("Configuration \(id) not found in resource group \(group)", target: "configurationId")
        }
        if let executable = store.executables[configuration.executableID], executable.deployable {
            throw .badRequest(
                "Configuration \(id) runs the serving template \(executable.id); a schedule starts executions, so it needs a workflow",
                target: "configurationId")
        }
        return id
    }

    private static func scheduleName(_ value: JSONValue?) throws(EmulatorError) -> String {
        guard let name = value?.stringValue else { throw .badRequest("name is required", target: "name") }
        guard name.count <= 256 else { throw .badRequest("name is longer than 256 characters", target: "name") }
        return name
    }

    private static func cron(_ value: JSONValue?) throws(EmulatorError) -> String {
        guard let text = value?.stringValue else { throw .badRequest("cron is required", target: "cron") }
        do {
            return try CronExpression(parsing: text).description
        } catch {
            throw .badRequest("cron \(error.description)", target: "cron")
        }
    }

    static func timestamp(_ value: JSONValue?, field: String) throws(EmulatorError) -> Date? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue, let date = WireTime.parse(text) else {
            throw .badRequest("\(field) must be an RFC 3339 timestamp like 2026-01-01T03:00:00Z", target: field)
        }
        return date
    }

    private static func checkWindow(start: Date, end: Date?) throws(EmulatorError) {
        if let end, end <= start {
            throw .badRequest("end \(WireTime.format(end)) is not after start \(WireTime.format(start))", target: "end")
        }
    }

    static func scheduleJSON(_ record: ScheduleRecord) -> JSONValue {
        var json: JSONObject = [
            "id": .string(record.id), "name": .string(record.name), "configurationId": .string(record.configurationID),
            "cron": .string(record.cron), "status": .string(record.status),
            "createdAt": .string(WireTime.format(record.createdAt)),
            "modifiedAt": .string(WireTime.format(record.modifiedAt)),
        ]
        if let start = record.start { json["start"] = .string(WireTime.format(start)) }
        if let end = record.end { json["end"] = .string(WireTime.format(end)) }
        return .object(json)
    }
}
