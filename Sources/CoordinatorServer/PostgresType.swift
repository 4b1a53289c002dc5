import DuckDBKit
import Foundation
import NIOCore

/// A PostgreSQL type OID the server reports or accepts, with the mapping from DuckDB's types.
///
/// ```swift
/// PostgresType(duckDBTypeName: "INTEGER") // .int4 (OID 23)
/// ```
public struct PostgresType: RawRepresentable, Sendable, Hashable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let unspecified = PostgresType(rawValue: 0)
    public static let bool = PostgresType(rawValue: 16)
    public static let bytea = PostgresType(rawValue: 17)
    public static let int8 = PostgresType(rawValue: 20)
    public static let int2 = PostgresType(rawValue: 21)
    public static let int4 = PostgresType(rawValue: 23)
    public static let text = PostgresType(rawValue: 25)
    public static let oid = PostgresType(rawValue: 26)
    public static let json = PostgresType(rawValue: 114)
    public static let float4 = PostgresType(rawValue: 700)
    public static let float8 = PostgresType(rawValue: 701)
    public static let varchar = PostgresType(rawValue: 1043)
    public static let date = PostgresType(rawValue: 1082)
    public static let time = PostgresType(rawValue: 1083)
    public static let timestamp = PostgresType(rawValue: 1114)
    public static let timestamptz = PostgresType(rawValue: 1184)
    public static let interval = PostgresType(rawValue: 1186)
    public static let numeric = PostgresType(rawValue: 1700)
    public static let uuid = PostgresType(rawValue: 2950)
    public static let jsonb = PostgresType(rawValue: 3802)

    /// The type a DuckDB result column of `name` is reported as.
    public init(duckDBTypeName name: String) {
        switch name {
        case "BOOLEAN": self = .bool
        case "TINYINT", "SMALLINT", "UTINYINT": self = .int2
        case "INTEGER", "USMALLINT": self = .int4
        case "BIGINT", "UINTEGER": self = .int8
        case "UBIGINT", "HUGEINT", "UHUGEINT", "DECIMAL", "BIGNUM": self = .numeric
        case "FLOAT": self = .float4
        case "DOUBLE": self = .float8
        case "DATE": self = .date
        case "TIME": self = .time
        case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS": self = .timestamp
        case "TIMESTAMPTZ": self = .timestamptz
        case "INTERVAL": self = .interval
        case "BLOB": self = .bytea
        case "UUID": self = .uuid
        default: self = .varchar
        }
    }

    /// The type of a table column as `duckdb_columns()` names it (`DECIMAL(12,3)`,
    /// `TIMESTAMP WITH TIME ZONE`, `INTEGER[]`).
    public init(duckDBColumnType name: String) {
        let upper = name.uppercased()
        if upper.hasSuffix("]") || upper.hasPrefix("STRUCT") || upper.hasPrefix("MAP") || upper.hasPrefix("UNION") {
            self = .varchar
        } else if upper == "TIMESTAMP WITH TIME ZONE" {
            self = .timestamptz
        } else {
            self.init(duckDBTypeName: String(upper.prefix { $0 != "(" }))
        }
    }

    /// A value of this type for describing a statement before its parameters are bound (its
    /// columns then have the types the values will have); NULL when the type is unspecified.
    var describingValue: DuckDBValue {
        switch self {
        case .bool: .bool(false)
        case .int2, .int4, .int8, .oid: .int(0)
        case .float4, .float8: .double(0)
        case .numeric: .decimal(0)
        case .text, .varchar, .json, .jsonb: .string("")
        case .date: .date(DuckDBDate(days: 0))
        case .time: .time(DuckDBTime(micros: 0))
        case .timestamp: .timestamp(DuckDBTimestamp(micros: 0))
        case .timestamptz: .timestampTZ(DuckDBTimestamp(micros: 0))
        case .interval: .interval(DuckDBInterval())
        case .bytea: .blob(Data())
        default: .null
        }
    }

    /// The fixed size RowDescription reports (-1 for variable length).
    public var size: Int16 {
        switch self {
        case .bool: 1
        case .int2: 2
        case .int4, .float4, .date, .oid: 4
        case .int8, .float8, .timestamp, .timestamptz, .time: 8
        case .interval, .uuid: 16
        default: -1
        }
    }
}
