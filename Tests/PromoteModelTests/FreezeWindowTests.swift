import Foundation
import PromoteModel
import Testing

/// `gates.freeze`: one-off and weekly windows, judged at an instant, in the window's own time zone.
@Suite struct FreezeWindowTests {
    static func date(_ text: String) throws -> Date { try RFC3339Timestamp.parse(text) }

    static func windows(_ json: String) throws -> [FreezeWindow] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("freeze-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stage = """
            { "version": 1, "name": "prd", "branch": "prd",
              "aicore": { "resource_group": "rg-prd", "application": "app-prd" },
              "gates": { "freeze": \(json) } }
            """
        try stage.write(to: directory.appendingPathComponent("prd.json"), atomically: true, encoding: .utf8)
        let stages = try StageLoader.load(directory: directory.path, displayPrefix: "stages/")
        return try #require(stages["prd"]).gates.freeze
    }

    @Test func aOneOffWindowIsOnFromItsStartUntilItsEnd() throws {
        let window = try #require(
            try Self.windows(
                #"[ { "name": "year-end", "start": "2026-12-23T18:00:00+01:00", "end": "2027-01-04T06:00:00+01:00", "reason": "holidays" } ]"#
            ).first)
        #expect(window.reason == "holidays")
        #expect(window.end(ifOnAt: try Self.date("2026-12-23T16:59:59Z")) == nil)
        #expect(window.end(ifOnAt: try Self.date("2026-12-23T17:00:00Z")) == (try Self.date("2027-01-04T05:00:00Z")))
        #expect(window.end(ifOnAt: try Self.date("2027-01-04T05:00:00Z")) == nil)
        #expect(
            window.nextStart(after: try Self.date("2026-12-01T00:00:00Z")) == (try Self.date("2026-12-23T17:00:00Z")))
    }

    @Test func aOneOffWindowInWallClockTimeFollowsItsZoneAcrossASummerTimeChange() throws {
        // 2027-03-28 02:00 CET the clocks in Berlin go to 03:00 CEST: the same wall-clock hour is an hour less UTC.
        let window = try #require(
            try Self.windows(
                #"[ { "name": "release-weekend", "start": "2027-03-27T12:00:00", "end": "2027-03-28T12:00:00", "time_zone": "Europe/Berlin" } ]"#
            ).first)
        #expect(window.end(ifOnAt: try Self.date("2027-03-27T11:00:00Z")) == (try Self.date("2027-03-28T10:00:00Z")))
        #expect(window.end(ifOnAt: try Self.date("2027-03-27T10:59:00Z")) == nil)
        #expect(window.end(ifOnAt: try Self.date("2027-03-28T10:00:00Z")) == nil)
    }

    @Test func aWeeklyWindowWrapsOverTheWeekend() throws {
        let window = try #require(
            try Self.windows(
                #"[ { "name": "weekend", "from": "Fri 15:00", "to": "Mon 06:00", "time_zone": "Europe/Berlin" } ]"#
            ).first)
        #expect(window.schedule == "Fri 15:00 to Mon 06:00 Europe/Berlin, every week")
        // Friday 2026-12-11, winter time (UTC+1): 14:59 local is open, 15:00 local is frozen until Monday 06:00 local.
        #expect(window.end(ifOnAt: try Self.date("2026-12-11T13:59:00Z")) == nil)
        #expect(window.end(ifOnAt: try Self.date("2026-12-11T14:00:00Z")) == (try Self.date("2026-12-14T05:00:00Z")))
        #expect(window.end(ifOnAt: try Self.date("2026-12-13T23:00:00Z")) == (try Self.date("2026-12-14T05:00:00Z")))
        #expect(window.end(ifOnAt: try Self.date("2026-12-14T05:00:00Z")) == nil)
        #expect(window.end(ifOnAt: try Self.date("2026-12-16T12:00:00Z")) == nil)
        #expect(
            window.nextStart(after: try Self.date("2026-12-16T12:00:00Z")) == (try Self.date("2026-12-18T14:00:00Z")))
    }

    @Test func aWeeklyWindowIsJudgedOnTheLocalClockAcrossASummerTimeChange() throws {
        // Sat 22:00 to Sun 04:00 Berlin, over the night the clocks go forward (2027-03-28 02:00 CET → 03:00 CEST).
        let window = try #require(
            try Self.windows(
                #"[ { "name": "night", "from": "Sat 22:00", "to": "Sun 04:00", "time_zone": "Europe/Berlin" } ]"#
            ).first)
        // 01:30 UTC is 03:30 CEST: frozen, until 04:00 CEST = 02:00 UTC (in winter time it would be 03:00 UTC).
        #expect(window.end(ifOnAt: try Self.date("2027-03-28T01:30:00Z")) == (try Self.date("2027-03-28T02:00:00Z")))
        // 02:30 UTC is 04:30 CEST: open, though it would be 03:30 (frozen) at the winter offset.
        #expect(window.end(ifOnAt: try Self.date("2027-03-28T02:30:00Z")) == nil)
        // A week earlier, in winter time, 02:30 UTC is 03:30 CET: frozen until 03:00 UTC.
        #expect(window.end(ifOnAt: try Self.date("2027-03-21T02:30:00Z")) == (try Self.date("2027-03-21T03:00:00Z")))
        // In October the clocks go back (2027-10-31 03:00 CEST → 02:00 CET): 04:00 CET is 03:00 UTC.
        #expect(window.end(ifOnAt: try Self.date("2027-10-31T01:30:00Z")) == (try Self.date("2027-10-31T03:00:00Z")))
    }

    @Test func weekTimesParseStrictly() {
        #expect(WeekTime(parsing: "fri 15:00") == WeekTime(day: 4, hour: 15, minute: 0))
        #expect(WeekTime(parsing: "Sun 23:59")?.minuteOfWeek == 6 * 1440 + 23 * 60 + 59)
        for bad in ["Friday 15:00", "Fri 15", "Fri 24:00", "Fri 7:00", "Fri 15:60", "15:00", ""] {
            #expect(WeekTime(parsing: bad) == nil, "\(bad)")
        }
    }
}
