import Foundation
import PromoteModel
import Testing

/// Five-field cron, as AI Core's execution schedules take it, evaluated in UTC.
@Suite struct CronExpressionTests {
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!
    }

    static func next(_ cron: String, after: String) throws -> String? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return try CronExpression(parsing: cron).nextFire(after: utc(after)).map { formatter.string(from: $0) }
    }

    @Test(arguments: [
        ("* * * * *", "2026-12-03T10:15:30Z", "2026-12-03T10:16:00Z"),
        ("*/15 * * * *", "2026-12-03T10:15:00Z", "2026-12-03T10:30:00Z"),
        ("0 3 * * *", "2026-12-03T03:00:00Z", "2026-12-04T03:00:00Z"),
        ("0 3 * * 1", "2026-12-03T00:00:00Z", "2026-12-07T03:00:00Z"),  // next Monday
        ("0 3 * * mon-fri", "2026-12-04T04:00:00Z", "2026-12-07T03:00:00Z"),  // Friday after 3 → Monday
        ("30 2 1 * *", "2026-12-03T00:00:00Z", "2027-01-01T02:30:00Z"),
        ("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),  // leap day
        ("0 12 1 jan,jul *", "2026-02-01T00:00:00Z", "2026-07-01T12:00:00Z"),
        ("5/20 * * * *", "2026-12-03T10:06:00Z", "2026-12-03T10:25:00Z"),
        ("0 0 * * 7", "2026-12-03T00:00:00Z", "2026-12-06T00:00:00Z"),  // 7 is Sunday
        ("0 0 13 * 5", "2026-12-03T00:00:00Z", "2026-12-04T00:00:00Z"),  // either day field matches
        ("0 0 1 1 *", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"),
    ])
    func theNextFireIsTheFirstMatchingMinuteAfter(_ cron: String, _ after: String, _ expected: String) throws {
        #expect(try Self.next(cron, after: after) == expected)
    }

    @Test func aDateThatNeverComesHasNoNextFire() throws {
        #expect(try Self.next("0 0 30 2 *", after: "2026-01-01T00:00:00Z") == nil)
    }

    @Test(arguments: [
        ("0 3 * *", "'0 3 * *' has 4 fields; a cron has 5: minute hour day-of-month month day-of-week"),
        ("61 * * * *", "field 1 (minute) value 61 is out of 0-59"),
        ("0 25 * * *", "field 2 (hour) value 25 is out of 0-23"),
        ("0 0 0 * *", "field 3 (day of month) value 0 is out of 1-31"),
        ("0 0 * 13 *", "field 4 (month) value 13 is out of 1-12"),
        ("0 0 * * 8", "field 5 (day of week) value 8 is out of 0-7"),
        ("*/0 * * * *", "field 1 (minute) step '0' must be a positive number"),
        ("5-1 * * * *", "field 1 (minute) range '5-1' runs backwards; write the lower value first"),
        ("a * * * *", "field 1 (minute) value 'a' is not a number"),
        ("1,,2 * * * *", "field 1 (minute) '1,,2' is not a value, range or step"),
        ("-1 * * * *", "field 1 (minute) value '' is not a number"),
        ("@daily", "'@daily' has 1 field; a cron has 5: minute hour day-of-month month day-of-week"),
    ])
    func aBadCronIsRefusedSayingWhichField(_ cron: String, _ message: String) {
        #expect(throws: CronExpressionError.self) { try CronExpression(parsing: cron) }
        do {
            _ = try CronExpression(parsing: cron)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func theDescriptionIsTheNormalisedExpression() throws {
        #expect(try CronExpression(parsing: "  0\t3 * *   1 ").description == "0 3 * * 1")
    }
}
