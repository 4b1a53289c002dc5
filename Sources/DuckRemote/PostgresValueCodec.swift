import DuckCoordinator
import DuckDBKit
import Foundation
import NIOCore
import PostgresNIO

/// One bound parameter as postgres-nio sends it: PostgreSQL's binary format for every type
/// that has one (numbers, booleans, dates, times, timestamps, intervals, bytes), text for
/// NUMERIC. Strings go as `text` to a sharp owner and as untyped text (OID 0) to PostgreSQL,
/// which then reads them as the type the statement needs there (a DATE column, a TIMESTAMPTZ
/// comparison), as psql's literals are.
///
/// ```swift
/// var binds = PostgresBindings()
/// try binds.append(BoundValue(.date(DuckDBDate(year: 2025, month: 6, day: 17)), dialect: .postgresql))
/// ```
struct BoundValue: PostgresThrowingDynamicTypeEncodable {
    let value: DuckDBValue
    let psqlType: PostgresDataType
    let psqlFormat: PostgresFormat

    init(_ value: DuckDBValue, dialect: SQLDialect) {
        self.value = value
        switch value {
        case .null: (psqlType, psqlFormat) = (.null, .binary)
        case .bool: (psqlType, psqlFormat) = (.bool, .binary)
        case .int: (psqlType, psqlFormat) = (.int8, .binary)
        case .uint, .decimal: (psqlType, psqlFormat) = (.numeric, .text)
        case .double: (psqlType, psqlFormat) = (.float8, .binary)
        case .string: (psqlType, psqlFormat) = dialect == .postgresql ? (.null, .text) : (.text, .binary)
        case .blob: (psqlType, psqlFormat) = (.bytea, .binary)
        case .date: (psqlType, psqlFormat) = (.date, .binary)
        case .time: (psqlType, psqlFormat) = (.time, .binary)
        case .timestamp: (psqlType, psqlFormat) = (.timestamp, .binary)
        case .timestampTZ: (psqlType, psqlFormat) = (.timestamptz, .binary)
        case .interval: (psqlType, psqlFormat) = (.interval, .binary)
        }
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) throws {
        switch value {
        case .null: break
        case .bool(let v): buffer.writeInteger(UInt8(v ? 1 : 0))
        case .int(let v): buffer.writeInteger(v)
        case .uint(let v): buffer.writeString(String(v))
        case .decimal(let v): buffer.writeString(NSDecimalNumber(decimal: v).description(withLocale: Locale(identifier: "en_US_POSIX")))
        case .double(let v): buffer.writeInteger(v.bitPattern)
        case .string(let v): buffer.writeString(v)
        case .blob(let v): buffer.writeBytes(v)
        case .date(let v): buffer.writeInteger(v.days - PostgresEpoch.days)
        case .time(let v): buffer.writeInteger(v.micros)
        case .timestamp(let v), .timestampTZ(let v): buffer.writeInteger(v.micros - PostgresEpoch.micros)
        case .interval(let v):
            buffer.writeInteger(v.micros)
            buffer.writeInteger(v.days)
            buffer.writeInteger(v.months)
        }
    }
}

/// PostgreSQL counts dates and timestamps from 2000-01-01, DuckDB from 1970-01-01.
enum PostgresEpoch {
    static let days: Int32 = 10_957
    static let micros: Int64 = 946_684_800_000_000
}

/// Values of result cells back to `DuckDBValue`, the same values an in-process read of a
/// sharp owner's file returns (its DuckDB types arrive as the PostgreSQL types the owner maps
/// them to), and the natural ones for a real PostgreSQL's columns.
enum PostgresValueCodec {
    static func parameters(_ values: [DuckDBValue], dialect: SQLDialect) throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            if case .null = value { binds.appendNull() } else { try binds.append(BoundValue(value, dialect: dialect)) }
        }
        return binds
    }

    static func query(_ sql: String, _ values: [DuckDBValue], dialect: SQLDialect) throws -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: try parameters(values, dialect: dialect))
    }

    /// The value of one cell.
    /// - Throws: ``RemoteCoordinatorError/protocolError(_:)`` for bytes that do not fit the type.
    static func value(_ cell: PostgresCell) throws -> DuckDBValue {
        guard var bytes = cell.bytes else { return .null }
        let type = cell.dataType
        guard cell.format == .binary else { return text(bytes.readString(length: bytes.readableBytes) ?? "", type: type) }
        func fail() -> RemoteCoordinatorError {
            .protocolError("a \(cell.columnName) value of type \(type) has \(cell.bytes?.readableBytes ?? 0) bytes that do not decode")
        }
        switch type {
        case .bool:
            guard let v = bytes.readInteger(as: UInt8.self) else { throw fail() }
            return .bool(v != 0)
        case .int2:
            guard let v = bytes.readInteger(as: Int16.self) else { throw fail() }
            return .int(Int64(v))
        case .int4:
            guard let v = bytes.readInteger(as: Int32.self) else { throw fail() }
            return .int(Int64(v))
        case .int8:
            guard let v = bytes.readInteger(as: Int64.self) else { throw fail() }
            return .int(v)
        case .oid:
            guard let v = bytes.readInteger(as: UInt32.self) else { throw fail() }
            return .int(Int64(v))
        case .float4:
            guard let v = bytes.readInteger(as: UInt32.self) else { throw fail() }
            return .double(Double(Float(bitPattern: v)))
        case .float8:
            guard let v = bytes.readInteger(as: UInt64.self) else { throw fail() }
            return .double(Double(bitPattern: v))
        case .numeric:
            guard let text = numericText(&bytes) else { throw fail() }
            return numeric(text)
        case .date:
            guard let v = bytes.readInteger(as: Int32.self) else { throw fail() }
            return .date(DuckDBDate(days: v &+ PostgresEpoch.days))
        case .time:
            guard let v = bytes.readInteger(as: Int64.self) else { throw fail() }
            return .time(DuckDBTime(micros: v))
        case .timestamp:
            guard let v = bytes.readInteger(as: Int64.self) else { throw fail() }
            return .timestamp(DuckDBTimestamp(micros: v &+ PostgresEpoch.micros))
        case .timestamptz:
            guard let v = bytes.readInteger(as: Int64.self) else { throw fail() }
            return .timestampTZ(DuckDBTimestamp(micros: v &+ PostgresEpoch.micros))
        case .interval:
            guard let micros = bytes.readInteger(as: Int64.self), let days = bytes.readInteger(as: Int32.self),
                  let months = bytes.readInteger(as: Int32.self) else { throw fail() }
            return .interval(DuckDBInterval(months: months, days: days, micros: micros))
        case .bytea:
            return .blob(Data(bytes.readableBytesView))
        case .uuid:
            guard let uuid = try? cell.decode(UUID.self) else { throw fail() }
            return .string(uuid.uuidString.lowercased())
        case .jsonb:
            _ = bytes.readInteger(as: UInt8.self) // the format version
            return .string(bytes.readString(length: bytes.readableBytes) ?? "")
        default:
            // text, varchar, name, json and anything else whose binary form is its text.
            return .string(bytes.readString(length: bytes.readableBytes) ?? "")
        }
    }

    /// A cell the server sent as text (never asked for, but allowed).
    private static func text(_ text: String, type: PostgresDataType) -> DuckDBValue {
        switch type {
        case .bool: .bool(text == "t" || text == "true")
        case .int2, .int4, .int8, .oid: Int64(text).map(DuckDBValue.int) ?? .string(text)
        case .float4, .float8: Double(text).map(DuckDBValue.double) ?? .string(text)
        case .numeric: numeric(text)
        default: .string(text)
        }
    }

    /// A NUMERIC as the in-process read gives it: a whole number as an integer, else a decimal.
    private static func numeric(_ text: String) -> DuckDBValue {
        if !text.contains(".") {
            if let whole = Int64(text) { return .int(whole) }
            if let whole = UInt64(text) { return .uint(whole) }
        }
        if let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) { return .decimal(decimal) }
        return .string(text)
    }

    /// The decimal text of a binary NUMERIC: digit count, weight (base-10000 exponent of the
    /// first digit), sign, display scale, then base-10000 digits.
    static func numericText(_ bytes: inout ByteBuffer) -> String? {
        guard let count = bytes.readInteger(as: Int16.self), let weight = bytes.readInteger(as: Int16.self),
              let sign = bytes.readInteger(as: UInt16.self), let scale = bytes.readInteger(as: Int16.self), count >= 0 else { return nil }
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        var digits: [Int16] = []
        for _ in 0..<count {
            guard let digit = bytes.readInteger(as: Int16.self) else { return nil }
            digits.append(digit)
        }
        var integer = ""
        if weight < 0 {
            integer = "0"
        } else {
            for position in 0...Int(weight) {
                let digit = position < digits.count ? digits[position] : 0
                integer += position == 0 ? String(digit) : String(format: "%04d", digit)
            }
        }
        var fraction = ""
        if scale > 0 {
            var position = Int(weight) + 1
            while fraction.count < Int(scale) {
                let digit = position >= 0 && position < digits.count ? digits[position] : 0
                fraction += String(format: "%04d", digit)
                position += 1
            }
            fraction = String(fraction.prefix(Int(scale)))
        }
        let body = fraction.isEmpty ? integer : integer + "." + fraction
        return sign == 0x4000 ? "-" + body : body
    }

    /// DuckDB's name for the type a column of `type` comes from (what `ResultSet.columns.typeNames` says in process).
    static func duckDBTypeName(_ type: PostgresDataType) -> String {
        switch type {
        case .bool: "BOOLEAN"
        case .int2: "SMALLINT"
        case .int4: "INTEGER"
        case .int8: "BIGINT"
        case .numeric: "DECIMAL"
        case .float4: "FLOAT"
        case .float8: "DOUBLE"
        case .date: "DATE"
        case .time: "TIME"
        case .timestamp: "TIMESTAMP"
        case .timestamptz: "TIMESTAMPTZ"
        case .interval: "INTERVAL"
        case .bytea: "BLOB"
        case .uuid: "UUID"
        default: "VARCHAR"
        }
    }

    /// Rows changed, from a CommandComplete tag (`INSERT 0 5`, `UPDATE 3`, `MERGE 2`, `COPY 10`, …).
    static func rowsChanged(_ tag: String) -> Int {
        let words = tag.split(separator: " ")
        guard let verb = words.first, ["INSERT", "UPDATE", "DELETE", "MERGE", "COPY"].contains(verb) else { return 0 }
        return words.last.flatMap { Int($0) } ?? 0
    }
}
