public import Foundation

/// Timestamps as RFC 3339 writes them (`2026-01-05T03:00:00Z`, `2026-01-05T04:00:00.5+01:00`): a date, a time and a
/// zone, nothing left out. AI Core's `date-time` fields (a schedule's `start` and `end`) take this form.
public enum RFC3339Timestamp {
    /// The instant `text` names; an error that says what is missing or out of range otherwise.
    public static func parse(_ text: String) throws(RFC3339TimestampError) -> Date {
        let example = "write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00"
        let scalars = Array(text.unicodeScalars)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count,
                scalars[range].allSatisfy({ ("0"..."9").contains($0) })
            else { return nil }
            return scalars[range].reduce(0) { $0 * 10 + Int($1.value - 48) }
        }
        func at(_ index: Int, _ wanted: Unicode.Scalar...) -> Bool {
            index < scalars.count && wanted.contains(scalars[index])
        }
        guard let year = digits(0..<4), at(4, "-"), let month = digits(5..<7), at(7, "-"), let day = digits(8..<10)
        else { throw RFC3339TimestampError("\"\(text)\" is not an RFC 3339 timestamp; \(example)") }
        guard scalars.count > 10 else {
            throw RFC3339TimestampError("\"\(text)\" has a date but no time and zone; \(example)")
        }
        guard at(10, "T", "t"), let hour = digits(11..<13), at(13, ":"), let minute = digits(14..<16), at(16, ":"),
            let second = digits(17..<19)
        else { throw RFC3339TimestampError("\"\(text)\" is not an RFC 3339 timestamp; \(example)") }
        var index = 19
        var fraction = 0.0
        if at(index, ".") {
            var end = index + 1
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
            guard end > index + 1 else {
                throw RFC3339TimestampError("\"\(text)\" has a '.' without digits after the seconds; \(example)")
            }
            fraction = Double("0" + String(String.UnicodeScalarView(scalars[index..<end]))) ?? 0
            index = end
        }
        var offset = 0
        if at(index, "Z", "z") {
            index += 1
        } else if at(index, "+", "-") {
            guard let hours = digits((index + 1)..<(index + 3)), at(index + 3, ":"),
                let minutes = digits((index + 4)..<(index + 6)), hours <= 23, minutes <= 59
            else {
                throw RFC3339TimestampError("\"\(text)\" has a zone offset that is not +HH:MM or -HH:MM; \(example)")
            }
            offset = (hours * 60 + minutes) * 60 * (scalars[index] == "-" ? -1 : 1)
            index += 6
        } else if index == scalars.count {
            throw RFC3339TimestampError(
                "\"\(text)\" has no time zone; add Z for UTC or an offset like +01:00 (\(example))")
        }
        guard index == scalars.count else {
            throw RFC3339TimestampError("\"\(text)\" is not an RFC 3339 timestamp; \(example)")
        }
        let daysInMonth = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month) else {
            throw RFC3339TimestampError("\"\(text)\": month \(month) is out of 1-12")
        }
        guard (1...daysInMonth[month - 1]).contains(day) else {
            throw RFC3339TimestampError("\"\(text)\": day \(day) is out of 1-\(daysInMonth[month - 1]) for that month")
        }
        guard hour <= 23, minute <= 59, second <= 59 else {
            let time = String(format: "%02d:%02d:%02d", hour, minute, second)
            throw RFC3339TimestampError("\"\(text)\": the time \(time) is out of 00:00:00-23:59:59")
        }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// `date` in UTC, `2026-01-05T03:00:00Z`, with the fraction of a second (to microseconds) only when it has one.
    public static func format(_ date: Date) -> String {
        let total = date.timeIntervalSince1970
        let whole = Int(total.rounded(.down))
        let micros = Int(((total - Double(whole)) * 1_000_000).rounded())
        var days = whole / 86_400
        var rest = whole % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let clock = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, rest / 3600, rest % 3600 / 60, rest % 60)
        guard micros > 0 && micros < 1_000_000 else { return clock + "Z" }
        var fraction = String(format: "%06d", micros)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(clock).\(fraction)Z"
    }

    private static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days from 1970-01-01 (proleptic Gregorian), after Howard Hinnant's `days_from_civil`.
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSinceEpoch`, after Howard Hinnant's `civil_from_days`.
    private static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Why a timestamp was refused.
public struct RFC3339TimestampError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
