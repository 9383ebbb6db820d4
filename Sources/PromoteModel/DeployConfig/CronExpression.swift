public import Foundation

/// A five-field cron expression as AI Core's execution schedules take it (`AiCron`): minute, hour, day of month,
/// month, day of week, evaluated in UTC. Each field is `*`, a number, a range `a-b`, a list `a,b`, and any of those
/// with a step `/n`; months and weekdays also take three-letter names, and weekday 7 is Sunday like 0. As in
/// classic cron, when both day fields are restricted a day matches if either does.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    public let description: String
    private let minutes: Set<Int>
    private let hours: Set<Int>
    private let daysOfMonth: Set<Int>
    private let months: Set<Int>
    private let daysOfWeek: Set<Int>
    private let dayOfMonthRestricted: Bool
    private let dayOfWeekRestricted: Bool

    private struct Field {
        let name: String
        let range: ClosedRange<Int>
        let names: [String]
    }

    private static let fields = [
        Field(name: "minute", range: 0...59, names: []),
        Field(name: "hour", range: 0...23, names: []),
        Field(name: "day of month", range: 1...31, names: []),
        Field(
            name: "month", range: 1...12,
            names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        Field(name: "day of week", range: 0...7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ]

    public init(parsing text: String) throws(CronExpressionError) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 5 else {
            throw CronExpressionError(
                "'\(text)' has \(parts.count) field\(parts.count == 1 ? "" : "s"); a cron has 5: minute hour day-of-month month day-of-week"
            )
        }
        var sets: [Set<Int>] = []
        for (index, part) in parts.enumerated() {
            sets.append(try Self.parse(part, field: Self.fields[index], position: index + 1))
        }
        description = parts.joined(separator: " ")
        minutes = sets[0]
        hours = sets[1]
        daysOfMonth = sets[2]
        months = sets[3]
        daysOfWeek = Set(sets[4].map { $0 == 7 ? 0 : $0 })
        dayOfMonthRestricted = !parts[2].hasPrefix("*")
        dayOfWeekRestricted = !parts[4].hasPrefix("*")
    }

    private static func parse(_ text: String, field: Field, position: Int) throws(CronExpressionError) -> Set<Int> {
        let label = "field \(position) (\(field.name))"
        var values = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let pieces = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count <= 2, let base = pieces.first, !base.isEmpty else {
                throw CronExpressionError("\(label) '\(text)' is not a value, range or step")
            }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else {
                    throw CronExpressionError("\(label) step '\(pieces[1])' must be a positive number")
                }
                step = parsed
            }
            var bounds: ClosedRange<Int>
            if base == "*" {
                bounds = field.range.lowerBound...(field.name == "day of week" ? 6 : field.range.upperBound)
            } else {
                let ends = base.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard ends.count <= 2 else { throw CronExpressionError("\(label) '\(base)' is not a range like 1-5") }
                let low = try value(ends[0], field: field, label: label)
                let high = ends.count == 2 ? try value(ends[1], field: field, label: label) : low
                guard low <= high else {
                    throw CronExpressionError("\(label) range '\(base)' runs backwards; write the lower value first")
                }
                bounds = low...(ends.count == 1 && pieces.count == 2 ? field.range.upperBound : high)
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    private static func value(_ text: String, field: Field, label: String) throws(CronExpressionError) -> Int {
        if let index = field.names.firstIndex(of: text.lowercased()) { return index + field.range.lowerBound }
        guard let number = Int(text), text.allSatisfy(\.isNumber) else {
            throw CronExpressionError("\(label) value '\(text)' is not a number")
        }
        guard field.range.contains(number) else {
            throw CronExpressionError(
                "\(label) value \(number) is out of \(field.range.lowerBound)-\(field.range.upperBound)")
        }
        return number
    }

    /// The first minute strictly after `date` that the expression matches, in UTC; nil when none comes within
    /// about five years (a date like 30 February).
    public func nextFire(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        let start = floor(date.timeIntervalSince1970 / 60) * 60 + 60
        var candidate = Date(timeIntervalSince1970: start)
        let limit = candidate.addingTimeInterval(5 * 366 * 86_400)
        while candidate < limit {
            let parts = calendar.dateComponents([.month, .day, .weekday, .hour, .minute], from: candidate)
            guard let month = parts.month, let day = parts.day, let weekday = parts.weekday,
                let hour = parts.hour, let minute = parts.minute
            else { return nil }
            if !months.contains(month) {
                candidate = Self.startOfNextMonth(candidate, calendar: calendar)
                continue
            }
            if !matchesDay(day: day, weekday: weekday - 1) {
                candidate = calendar.startOfDay(for: candidate).addingTimeInterval(86_400)
                continue
            }
            if !hours.contains(hour) {
                candidate = candidate.addingTimeInterval(Double(60 - minute) * 60)
                continue
            }
            if !minutes.contains(minute) {
                candidate = candidate.addingTimeInterval(60)
                continue
            }
            return candidate
        }
        return nil
    }

    private func matchesDay(day: Int, weekday: Int) -> Bool {
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): daysOfMonth.contains(day) || daysOfWeek.contains(weekday)
        case (true, false): daysOfMonth.contains(day)
        case (false, true): daysOfWeek.contains(weekday)
        case (false, false): true
        }
    }

    private static func startOfNextMonth(_ date: Date, calendar: Calendar) -> Date {
        let parts = calendar.dateComponents([.year, .month], from: date)
        var next = DateComponents()
        next.year = parts.year
        next.month = (parts.month ?? 1) + 1
        next.day = 1
        return calendar.date(from: next) ?? date.addingTimeInterval(86_400)
    }
}

/// Why a cron expression was refused.
public struct CronExpressionError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
