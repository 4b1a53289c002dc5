import Foundation

/// ISO-8601 timestamps in UTC, with or without fractional seconds.
enum UTCTimestamp {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let plain = Date.ISO8601FormatStyle()

    /// Parses `2025-06-17T23:05:00.000Z` or `2025-06-17T23:05:00Z` (or with an offset).
    static func parse(_ text: String) -> Date? {
        if let date = try? withFraction.parse(text) { return date }
        return try? plain.parse(text)
    }

    /// Formats as `2025-06-17T23:05:00Z` (whole seconds, UTC).
    static func format(_ date: Date) -> String {
        plain.format(date)
    }
}
