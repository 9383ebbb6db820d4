import Foundation

/// Reads `gates.freeze` strictly: every problem is recorded with its JSON path.
///
/// A one-off window has `start` and `end` (RFC 3339 with a zone, or wall-clock times in `time_zone`); a weekly one
/// has `from` and `to` ("Fri 15:00") and a `time_zone`.
enum FreezeWindowReader {
    static let keys = ["name", "reason", "start", "end", "from", "to", "time_zone"]

    static func windows(_ gates: JSONObjectReader) -> [FreezeWindow] {
        var names: Set<String> = []
        return (gates.objects("freeze") ?? []).compactMap { reader in
            guard let window = window(reader) else { return nil }
            if !names.insert(window.name).inserted {
                reader.problem(
                    "name", "\(window.name.debugDescription) names two freeze windows; give each its own name")
            }
            return window
        }
    }

    private static func window(_ reader: JSONObjectReader) -> FreezeWindow? {
        reader.rejectUnknownKeys(keys)
        let name = reader.string("name", required: true)
        let reason = reader.string("reason")
        let zoneName = reader.string("time_zone")
        let timeZone = zoneName.flatMap { name -> TimeZone? in
            guard let zone = TimeZone(identifier: name) else {
                reader.problem(
                    "time_zone",
                    "\(name.debugDescription) is not a time zone; use an IANA name such as \"Europe/Berlin\" or \"UTC\""
                )
                return nil
            }
            return zone
        }
        let oneOff = reader.object["start"] != nil || reader.object["end"] != nil
        let weekly = reader.object["from"] != nil || reader.object["to"] != nil
        let period: FreezeWindow.Period?
        switch (oneOff, weekly) {
        case (true, true):
            reader.problem(
                nil, "a freeze window is either one-off (\"start\", \"end\") or weekly (\"from\", \"to\"), not both")
            period = nil
        case (false, false):
            reader.problem(
                nil,
                "a freeze window needs \"start\" and \"end\" (one-off) or \"from\" and \"to\" with \"time_zone\" (weekly, e.g. \"Fri 15:00\" to \"Mon 06:00\")"
            )
            period = nil
        case (true, false):
            period = once(reader, timeZone: timeZone, zoneGiven: zoneName != nil)
        case (false, true):
            period = every(reader, timeZone: timeZone, zoneGiven: zoneName != nil)
        }
        guard let name, let period else { return nil }
        return FreezeWindow(name: name, reason: reason, period: period)
    }

    private static func once(_ reader: JSONObjectReader, timeZone: TimeZone?, zoneGiven: Bool) -> FreezeWindow.Period? {
        let start = instant(reader, "start", timeZone: timeZone, zoneGiven: zoneGiven)
        let end = instant(reader, "end", timeZone: timeZone, zoneGiven: zoneGiven)
        guard let start, let end else { return nil }
        guard end > start else {
            reader.problem("end", "ends at or before its start (\(FreezeWindow.utc(end)) ≤ \(FreezeWindow.utc(start)))")
            return nil
        }
        return .once(start: start, end: end)
    }

    /// An RFC 3339 time with its zone; without one, a wall-clock time in `time_zone`.
    private static func instant(_ reader: JSONObjectReader, _ key: String, timeZone: TimeZone?, zoneGiven: Bool)
        -> Date?
    {
        guard let text = reader.string(key, required: true) else { return nil }
        if let date = try? RFC3339Timestamp.parse(text) { return date }
        let example = "write it like 2026-12-24T14:00:00+01:00, or 2026-12-24T14:00:00 with \"time_zone\""
        guard let wallClock = try? RFC3339Timestamp.parse(text + "Z") else {
            reader.problem(key, "\(text.debugDescription) is not a time; \(example)")
            return nil
        }
        guard zoneGiven else {
            reader.problem(key, "\(text.debugDescription) has no zone; add one (+01:00, Z) or set \"time_zone\"")
            return nil
        }
        guard let timeZone else { return nil }
        let parts = FreezeWindow.calendar(TimeZone(identifier: "UTC") ?? timeZone).dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: wallClock)
        return FreezeWindow.calendar(timeZone).date(from: parts)
    }

    private static func every(_ reader: JSONObjectReader, timeZone: TimeZone?, zoneGiven: Bool)
        -> FreezeWindow.Period?
    {
        let from = weekTime(reader, "from")
        let to = weekTime(reader, "to")
        if !zoneGiven {
            reader.problem("time_zone", "a weekly window needs a time zone, e.g. \"Europe/Berlin\"")
        }
        guard let from, let to, let timeZone else { return nil }
        guard from != to else {
            reader.problem("to", "is the same as \"from\" (\(from)): the window would be empty or the whole week")
            return nil
        }
        return .weekly(from: from, to: to, timeZone: timeZone)
    }

    private static func weekTime(_ reader: JSONObjectReader, _ key: String) -> WeekTime? {
        guard let text = reader.string(key, required: true) else { return nil }
        guard let time = WeekTime(parsing: text) else {
            reader.problem(
                key, "\(text.debugDescription) is not a day and time; write it like \"Fri 15:00\" (Mon..Sun, 24-hour)")
            return nil
        }
        return time
    }
}
