public import Foundation

/// The one timestamp format of promote's records: ISO 8601, UTC, whole seconds (`2025-03-01T12:00:00Z`).
public enum RecordTime {
    public static func format(_ date: Date) -> String {
        formatter().string(from: date)
    }

    public static func parse(_ text: String) -> Date? {
        formatter().date(from: text)
    }

    // A new formatter each time: ISO8601DateFormatter is not Sendable, and records are few.
    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }
}
