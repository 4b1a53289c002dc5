import Foundation

/// Formats instants in America/New_York, the time zone MLB bettors read start times in.
///
/// ```swift
/// EasternTime.clock(Date(timeIntervalSince1970: 1_750_201_800))     // "7:10 PM ET"
/// EasternTime.dayAndClock(Date(timeIntervalSince1970: 1_750_201_800)) // "Tue Jun 17, 7:10 PM ET"
/// ```
public enum EasternTime {
    /// The zone (falls back to UTC−5 only if the system has no tz database).
    public static let zone = TimeZone(identifier: "America/New_York") ?? TimeZone(secondsFromGMT: -5 * 3600)!

    private static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }

    /// `7:10 PM ET`.
    public static func clock(_ date: Date) -> String { formatter("h:mm a").string(from: date) + " ET" }

    /// `Tue Jun 17, 7:10 PM ET`.
    public static func dayAndClock(_ date: Date) -> String {
        formatter("EEE MMM d, h:mm a").string(from: date) + " ET"
    }
}
