import Foundation
import PromoteModel
import Testing

/// RFC 3339 timestamps, as a schedule's `start` and `end` take them.
@Suite struct RFC3339TimestampTests {
    static func reference(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return try #require(formatter.date(from: text))
    }

    @Test(arguments: [
        ("2026-01-05T03:00:00Z", "2026-01-05T03:00:00Z"),
        ("2026-01-05t03:00:00z", "2026-01-05T03:00:00Z"),
        ("2026-01-05T04:30:00+01:30", "2026-01-05T03:00:00Z"),
        ("2026-01-04T22:00:00-05:00", "2026-01-05T03:00:00Z"),
        ("2026-01-05T03:00:00.250Z", "2026-01-05T03:00:00.25Z"),
        ("2026-01-05T03:00:00.000001Z", "2026-01-05T03:00:00.000001Z"),
        ("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"),
        ("2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"),
    ])
    func parsesAndFormatsInUTC(_ text: String, _ utc: String) throws {
        let date = try RFC3339Timestamp.parse(text)
        #expect(RFC3339Timestamp.format(date) == utc)
        #expect(try RFC3339Timestamp.parse(utc) == date)
    }

    /// Across four centuries, day by day at a shifting time, the same instants as Foundation's ISO 8601 parser.
    @Test func agreesWithFoundationAcrossCenturies() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var date = try Self.reference("1900-01-01T00:00:00Z")
        let end = try Self.reference("2300-01-01T00:00:00Z")
        var checked = 0
        while date < end {
            let text = formatter.string(from: date)
            #expect(try RFC3339Timestamp.parse(text) == date, "\(text)")
            #expect(RFC3339Timestamp.format(date) == text)
            date = date.addingTimeInterval(86_400 * 7 + 3_671)
            checked += 1
        }
        #expect(checked > 20_000)
    }

    @Test(arguments: [
        (
            "2026-01-05",
            "\"2026-01-05\" has a date but no time and zone; write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00"
        ),
        (
            "2026-01-05T03:00:00",
            "\"2026-01-05T03:00:00\" has no time zone; add Z for UTC or an offset like +01:00 (write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00)"
        ),
        (
            "2026-01-05 03:00:00Z",
            "\"2026-01-05 03:00:00Z\" is not an RFC 3339 timestamp; write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00"
        ),
        (
            "2026-1-5T03:00:00Z",
            "\"2026-1-5T03:00:00Z\" is not an RFC 3339 timestamp; write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00"
        ),
        (
            "2026-01-05T03:00Z",
            "\"2026-01-05T03:00Z\" is not an RFC 3339 timestamp; write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00"
        ),
        (
            "2026-01-05T03:00:00.Z",
            "\"2026-01-05T03:00:00.Z\" has a '.' without digits after the seconds; write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00"
        ),
        (
            "2026-01-05T03:00:00+0100",
            "\"2026-01-05T03:00:00+0100\" has a zone offset that is not +HH:MM or -HH:MM; write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00"
        ),
        (
            "2026-01-05T03:00:00Z ",
            "\"2026-01-05T03:00:00Z \" is not an RFC 3339 timestamp; write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00"
        ),
        ("2026-13-05T03:00:00Z", "\"2026-13-05T03:00:00Z\": month 13 is out of 1-12"),
        ("2026-02-29T03:00:00Z", "\"2026-02-29T03:00:00Z\": day 29 is out of 1-28 for that month"),
        ("2026-04-31T03:00:00Z", "\"2026-04-31T03:00:00Z\": day 31 is out of 1-30 for that month"),
        ("2026-01-05T24:00:00Z", "\"2026-01-05T24:00:00Z\": the time 24:00:00 is out of 00:00:00-23:59:59"),
        (
            "",
            "\"\" is not an RFC 3339 timestamp; write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00"
        ),
        (
            "２０２６-01-05T03:00:00Z",
            "\"２０２６-01-05T03:00:00Z\" is not an RFC 3339 timestamp; write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00"
        ),
    ])
    func refusesWhatIsNotRFC3339(_ text: String, _ message: String) {
        #expect(throws: RFC3339TimestampError.self) { try RFC3339Timestamp.parse(text) }
        do {
            _ = try RFC3339Timestamp.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }
}
