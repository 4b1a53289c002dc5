import Foundation

/// A calendar day (DuckDB `DATE`), as days since 1970-01-01.
///
/// ```swift
/// let day = DuckDBDate(year: 2025, month: 6, day: 17)
/// try connection.query("SELECT ?::DATE", [.date(day)])
/// ```
public struct DuckDBDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var days: Int32

    /// A day from its count since 1970-01-01.
    public init(days: Int32) { self.days = days }

    /// A day from its proleptic Gregorian year, month (1…12) and day (1…31).
    public init(year: Int, month: Int, day: Int) {
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        days = Int32(era * 146_097 + doe - 719_468)
    }

    /// The UTC calendar day holding `date`.
    public init(_ date: Date) {
        days = Int32((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Midnight UTC of this day.
    public var date: Date { Date(timeIntervalSince1970: Double(days) * 86_400) }

    public var description: String {
        let c = components
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    public static func < (a: DuckDBDate, b: DuckDBDate) -> Bool { a.days < b.days }
}

/// A time of day (DuckDB `TIME`), as microseconds since midnight.
public struct DuckDBTime: Sendable, Hashable, Comparable {
    /// Microseconds since midnight.
    public var micros: Int64
    /// A time from microseconds since midnight.
    public init(micros: Int64) { self.micros = micros }
    public static func < (a: DuckDBTime, b: DuckDBTime) -> Bool { a.micros < b.micros }
}

/// An instant with microsecond precision (DuckDB `TIMESTAMP` / `TIMESTAMPTZ`), as
/// microseconds since 1970-01-01 00:00:00 UTC. Keeps every microsecond exactly, which a
/// `Date` (a `Double` of seconds) may not.
///
/// ```swift
/// let t = DuckDBTimestamp(Date())
/// print(t.micros, t.date)
/// ```
public struct DuckDBTimestamp: Sendable, Hashable, Comparable {
    /// Microseconds since the Unix epoch.
    public var micros: Int64
    /// A timestamp from microseconds since the Unix epoch.
    public init(micros: Int64) { self.micros = micros }
    /// The timestamp nearest to `date` (rounded to the microsecond).
    public init(_ date: Date) {
        micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
    /// The instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
    public static func < (a: DuckDBTimestamp, b: DuckDBTimestamp) -> Bool { a.micros < b.micros }
}

/// A DuckDB `INTERVAL`: months, days and microseconds, kept apart as DuckDB does.
public struct DuckDBInterval: Sendable, Hashable {
    public var months: Int32
    public var days: Int32
    public var micros: Int64
    /// An interval from its three parts.
    public init(months: Int32 = 0, days: Int32 = 0, micros: Int64 = 0) {
        self.months = months
        self.days = days
        self.micros = micros
    }
}
