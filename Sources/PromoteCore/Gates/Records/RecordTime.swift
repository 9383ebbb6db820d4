public import Foundation

/// The one timestamp format of promote's records: ISO 8601, UTC, whole seconds (`2025-03-01T12:00:00Z`).
public enum RecordTime {
    // FoundationEssentials' style, not ISO8601DateFormatter: the same text, without loading ICU (a tenth of a
    // `promote status`), and Sendable, so one serves every call.
    private static let style = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)

    public static func format(_ date: Date) -> String {
        style.format(date)
    }

    public static func parse(_ text: String) -> Date? {
        try? style.parse(text)
    }
}
