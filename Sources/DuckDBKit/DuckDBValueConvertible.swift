import Foundation

/// A Swift type that converts to and from a `DuckDBValue`, for typed reads and binds.
///
/// ```swift
/// let pct: Double = try row["money_pct"]
/// let book: String? = try row["book"]
/// ```
public protocol DuckDBValueConvertible: Sendable {
    /// The value to bind.
    var duckDBValue: DuckDBValue { get }
    /// Converts a value read from DuckDB; throws `typeMismatch` when it cannot.
    init(duckDBValue: DuckDBValue) throws
}

func mismatch(_ value: DuckDBValue, _ type: Any.Type) -> DuckDBError {
    DuckDBError(.typeMismatch, message: "cannot read \(value) (\(value.kindName)) as \(type)")
}

extension DuckDBValue {
    var kindName: String {
        switch self {
        case .null: "NULL"
        case .bool: "BOOLEAN"
        case .int: "integer"
        case .uint: "UBIGINT"
        case .double: "DOUBLE"
        case .string: "VARCHAR"
        case .blob: "BLOB"
        case .date: "DATE"
        case .time: "TIME"
        case .timestamp: "TIMESTAMP"
        case .timestampTZ: "TIMESTAMPTZ"
        case .interval: "INTERVAL"
        case .decimal: "DECIMAL"
        }
    }
}

extension DuckDBValue: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { self }
    public init(duckDBValue: DuckDBValue) { self = duckDBValue }
}

extension Int64: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .int(self) }
    public init(duckDBValue v: DuckDBValue) throws {
        switch v {
        case .int(let i): self = i
        case .uint(let u) where u <= UInt64(Int64.max): self = Int64(u)
        case .decimal(let d) where d.isWholeNumber && d >= Decimal(Int64.min) && d <= Decimal(Int64.max):
            self = NSDecimalNumber(decimal: d).int64Value
        default: throw mismatch(v, Int64.self)
        }
    }
}

extension Int: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .int(Int64(self)) }
    public init(duckDBValue v: DuckDBValue) throws { self = Int(try Int64(duckDBValue: v)) }
}

extension Int32: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .int(Int64(self)) }
    public init(duckDBValue v: DuckDBValue) throws {
        let wide = try Int64(duckDBValue: v)
        guard let narrow = Int32(exactly: wide) else { throw mismatch(v, Int32.self) }
        self = narrow
    }
}

extension UInt64: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { self <= UInt64(Int64.max) ? .int(Int64(self)) : .uint(self) }
    public init(duckDBValue v: DuckDBValue) throws {
        switch v {
        case .uint(let u): self = u
        case .int(let i) where i >= 0: self = UInt64(i)
        default: throw mismatch(v, UInt64.self)
        }
    }
}

extension Double: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .double(self) }
    public init(duckDBValue v: DuckDBValue) throws {
        switch v {
        case .double(let d): self = d
        case .int(let i): self = Double(i)
        case .uint(let u): self = Double(u)
        case .decimal(let d): self = NSDecimalNumber(decimal: d).doubleValue
        default: throw mismatch(v, Double.self)
        }
    }
}

extension Bool: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .bool(self) }
    public init(duckDBValue v: DuckDBValue) throws {
        guard case .bool(let b) = v else { throw mismatch(v, Bool.self) }
        self = b
    }
}

extension String: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .string(self) }
    public init(duckDBValue v: DuckDBValue) throws {
        guard case .string(let s) = v else { throw mismatch(v, String.self) }
        self = s
    }
}

extension Data: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .blob(self) }
    public init(duckDBValue v: DuckDBValue) throws {
        guard case .blob(let d) = v else { throw mismatch(v, Data.self) }
        self = d
    }
}

extension Decimal: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .decimal(self) }
    public init(duckDBValue v: DuckDBValue) throws {
        switch v {
        case .decimal(let d): self = d
        case .int(let i): self = Decimal(i)
        case .uint(let u): self = Decimal(u)
        default: throw mismatch(v, Decimal.self)
        }
    }
}

/// `Date` binds as `TIMESTAMPTZ` and reads from `TIMESTAMPTZ`, `TIMESTAMP` (as UTC) and `DATE`.
extension Date: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .timestampTZ(DuckDBTimestamp(self)) }
    public init(duckDBValue v: DuckDBValue) throws {
        switch v {
        case .timestampTZ(let t), .timestamp(let t): self = t.date
        case .date(let d): self = d.date
        default: throw mismatch(v, Date.self)
        }
    }
}

extension DuckDBDate: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .date(self) }
    public init(duckDBValue v: DuckDBValue) throws {
        guard case .date(let d) = v else { throw mismatch(v, DuckDBDate.self) }
        self = d
    }
}

extension DuckDBTimestamp: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { .timestampTZ(self) }
    public init(duckDBValue v: DuckDBValue) throws {
        switch v {
        case .timestampTZ(let t), .timestamp(let t): self = t
        default: throw mismatch(v, DuckDBTimestamp.self)
        }
    }
}

extension Optional: DuckDBValueConvertible where Wrapped: DuckDBValueConvertible {
    public var duckDBValue: DuckDBValue { self?.duckDBValue ?? .null }
    public init(duckDBValue v: DuckDBValue) throws {
        self = v.isNull ? nil : try Wrapped(duckDBValue: v)
    }
}

extension Decimal {
    var isWholeNumber: Bool {
        var source = self, rounded = Decimal()
        NSDecimalRound(&rounded, &source, 0, .plain)
        return rounded == self
    }
}
