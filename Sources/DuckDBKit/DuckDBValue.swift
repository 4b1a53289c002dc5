import Foundation

/// One SQL value, as bound to a parameter or read from a result.
///
/// Literals work directly, and `Date` binds as `TIMESTAMPTZ`:
/// ```swift
/// let rows = try connection.query(
///     "SELECT * FROM splits WHERE home = ? AND money_pct > ? AND updated > ?",
///     ["CHC", 60.0, .timestampTZ(Date(timeIntervalSince1970: 0))])
/// ```
public enum DuckDBValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Every signed integer type, and unsigned ones that fit (HUGEINT too, when it fits).
    case int(Int64)
    /// `UBIGINT` values above `Int64.max`.
    case uint(UInt64)
    case double(Double)
    case string(String)
    case blob(Data)
    case date(DuckDBDate)
    case time(DuckDBTime)
    /// `TIMESTAMP` (no time zone).
    case timestamp(DuckDBTimestamp)
    /// `TIMESTAMPTZ` (an instant, UTC).
    case timestampTZ(DuckDBTimestamp)
    case interval(DuckDBInterval)
    /// `DECIMAL`, and `HUGEINT` values beyond `Int64`.
    case decimal(Decimal)

    /// A `TIMESTAMPTZ` from a `Date`.
    public static func timestampTZ(_ date: Date) -> DuckDBValue { .timestampTZ(DuckDBTimestamp(date)) }
    /// A `TIMESTAMP` (no time zone) from a `Date`, taken as UTC wall time.
    public static func timestamp(_ date: Date) -> DuckDBValue { .timestamp(DuckDBTimestamp(date)) }

    /// Whether this is SQL NULL.
    public var isNull: Bool { if case .null = self { true } else { false } }
}

extension DuckDBValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}

extension DuckDBValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: "NULL"
        case .bool(let v): String(v)
        case .int(let v): String(v)
        case .uint(let v): String(v)
        case .double(let v): String(v)
        case .string(let v): v
        case .blob(let v): "<\(v.count) bytes>"
        case .date(let v): v.description
        case .time(let v): "\(v.micros)µs"
        case .timestamp(let v), .timestampTZ(let v): ISO8601DateFormatter.string(
            from: v.date, timeZone: TimeZone(identifier: "UTC")!,
            formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        case .interval(let v): "\(v.months) months \(v.days) days \(v.micros)µs"
        case .decimal(let v): v.description
        }
    }
}
