import Foundation

/// Parses command-line times: `2025-06-17T22:55:00Z`, with fractional seconds or an offset.
enum ISO8601Time {
    static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
