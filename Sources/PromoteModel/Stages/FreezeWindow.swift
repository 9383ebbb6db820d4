public import Foundation

/// A change freeze of a stage (`gates.freeze`): while it is on, nothing is promoted into or deployed to the stage
/// unless a listed approver signed the exact commit and the person passes `--break-glass`.
public struct FreezeWindow: Hashable, Sendable {
    public enum Period: Hashable, Sendable {
        /// From `start` (inclusive) to `end` (exclusive).
        case once(start: Date, end: Date)
        /// Every week from `from` to `to` in `timeZone`; `to` may lie in the next week (Friday to Monday).
        case weekly(from: WeekTime, to: WeekTime, timeZone: TimeZone)
    }

    /// The name messages use ("year-end", "weekend").
    public let name: String
    public let reason: String?
    public let period: Period

    public init(name: String, reason: String?, period: Period) {
        self.name = name
        self.reason = reason
        self.period = period
    }

    /// When the window that is on at `now` ends; nil when it is off at `now`.
    public func end(ifOnAt now: Date) -> Date? {
        switch period {
        case .once(let start, let end):
            return start <= now && now < end ? end : nil
        case .weekly(let from, let to, let timeZone):
            let calendar = Self.calendar(timeZone)
            let minute = WeekTime(now, calendar: calendar).minuteOfWeek
            let on =
                from.minuteOfWeek < to.minuteOfWeek
                ? (from.minuteOfWeek...to.minuteOfWeek - 1).contains(minute)
                : minute >= from.minuteOfWeek || minute < to.minuteOfWeek
            guard on else { return nil }
            return to.next(after: now, calendar: calendar)
        }
    }

    /// When the window next begins at or after `now` (for "the next freeze starts ..."); nil when it never will.
    public func nextStart(after now: Date) -> Date? {
        switch period {
        case .once(let start, _):
            return start > now ? start : nil
        case .weekly(let from, _, let timeZone):
            return from.next(after: now, calendar: Self.calendar(timeZone))
        }
    }

    /// How the window is written, for messages: "Fri 15:00 to Mon 06:00 Europe/Berlin".
    public var schedule: String {
        switch period {
        case .once(let start, let end):
            return "\(Self.utc(start)) to \(Self.utc(end))"
        case .weekly(let from, let to, let timeZone):
            return "\(from) to \(to) \(timeZone.identifier), every week"
        }
    }

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// A time as ISO 8601 UTC ("2026-12-24T14:00:00Z").
    public static func utc(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// A day of the week and a time of day ("Fri 15:00").
public struct WeekTime: Hashable, Sendable, CustomStringConvertible {
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// 0 is Monday.
    public let day: Int
    public let hour: Int
    public let minute: Int

    public init(day: Int, hour: Int, minute: Int) {
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    /// `now` as the wall clock of `calendar`'s time zone shows it.
    init(_ date: Date, calendar: Calendar) {
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar's weekday: 1 is Sunday.
        day = ((parts.weekday ?? 2) + 5) % 7
        hour = parts.hour ?? 0
        minute = parts.minute ?? 0
    }

    /// Reads "Fri 15:00" (a day's first three letters, any case, and 24-hour HH:MM).
    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2,
            let day = Self.dayNames.firstIndex(where: { $0.lowercased() == parts[0].lowercased() })
        else { return nil }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock[0].count == 2, clock[1].count == 2, let hour = Int(clock[0]),
            let minute = Int(clock[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        self.init(day: day, hour: hour, minute: minute)
    }

    public var minuteOfWeek: Int { day * 1440 + hour * 60 + minute }

    public var description: String {
        let two: (Int) -> String = { $0 < 10 ? "0\($0)" : "\($0)" }
        return "\(Self.dayNames[day]) \(two(hour)):\(two(minute))"
    }

    /// The next moment after `date` at which `calendar`'s wall clock shows this time. On a day when the clocks skip
    /// it (spring forward), the first moment after the gap.
    func next(after date: Date, calendar: Calendar) -> Date? {
        let components = DateComponents(hour: hour, minute: minute, second: 0, weekday: (day + 1) % 7 + 1)
        return calendar.nextDate(after: date, matching: components, matchingPolicy: .nextTime)
    }
}
