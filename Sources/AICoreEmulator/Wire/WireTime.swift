import Foundation

/// Timestamps in the one form every SDK line parses: UTC, microseconds, a literal `Z` (ai-api.md §4).
enum WireTime {
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = floor(seconds)
        let micros = Int(((seconds - whole) * 1_000_000).rounded(.down))
        let components = Calendar.utc.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: whole))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", components.year ?? 0, components.month ?? 0,
            components.day ?? 0, components.hour ?? 0, components.minute ?? 0, components.second ?? 0, micros)
    }

    /// Parses what clients send as `start`/`end`: `…SSZ`, `…SS.fffZ`, `…SS+00:00` (also `%2B`-decoded), any offset.
    static func parse(_ text: String) -> Date? {
        var value = text.trimmingCharacters(in: .whitespaces)
        // A `+` in a query string may arrive decoded as a space.
        if value.count > 19, value[value.index(value.startIndex, offsetBy: 19)...].first == " " {
            value.replaceSubrange(
                value.index(value.startIndex, offsetBy: 19)...value.index(value.startIndex, offsetBy: 19), with: "+")
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: value) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: value) { return date }
        // More than 3 fraction digits: cut to milliseconds and add back the rest.
        guard let dot = value.firstIndex(of: "."),
            let zone = value[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" })
        else { return nil }
        let fraction = value[value.index(after: dot)..<zone]
        guard let base = formatter.date(from: String(value[..<dot]) + String(value[zone...])),
            let digits = Double("0." + fraction)
        else { return nil }
        return base.addingTimeInterval(digits)
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()
}
