import CoordinatorServer
import DuckDBKit
import Foundation
import NIOCore

/// One bound parameter: its type OID (0 lets the server infer it) and binary bytes (nil = NULL).
struct WireParameter: Sendable {
    var typeOID: Int32
    var bytes: [UInt8]?
}

/// DuckDB values to and from PostgreSQL's binary wire format, with the same mapping the server
/// uses (`ValueEncoding`, `PostgresType`), so a value read through the wire is the value the
/// in-process coordinator would have returned.
enum WireValueCodec {
    /// The binary parameter for `value`.
    static func parameter(_ value: DuckDBValue) -> WireParameter {
        let type: PostgresType
        switch value {
        case .null: return WireParameter(typeOID: 0, bytes: nil)
        case .bool: type = .bool
        case .int: type = .int8
        case .uint, .decimal: type = .numeric
        case .double: type = .float8
        case .string: type = .text
        case .blob: type = .bytea
        case .date: type = .date
        case .time: type = .time
        case .timestamp: type = .timestamp
        case .timestampTZ: type = .timestamptz
        case .interval: type = .interval
        }
        return WireParameter(typeOID: type.rawValue, bytes: ValueEncoding.binary(value, as: type))
    }

    /// The DuckDB value of one binary result column of type `oid`.
    static func value(_ bytes: ByteBuffer?, oid: Int32, binary: Bool) throws -> DuckDBValue {
        guard let bytes else { return .null }
        let type = PostgresType(rawValue: oid)
        let decoded: DuckDBValue
        do {
            decoded = try ValueEncoding.parameter(bytes, binary: binary, type: type)
        } catch {
            throw RemoteCoordinatorError.protocolError("cannot decode a value of type OID \(oid): \(error)")
        }
        if type == .numeric, case .string(let text) = decoded {
            if !text.contains("."), let whole = Int64(text) { return .int(whole) }
            if !text.contains("."), let whole = UInt64(text) { return .uint(whole) }
            if let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) { return .decimal(decimal) }
        }
        return decoded
    }

    /// DuckDB's name for the type a column of `oid` comes from (the reverse of `PostgresType(duckDBTypeName:)`).
    static func duckDBTypeName(_ oid: Int32) -> String {
        switch PostgresType(rawValue: oid) {
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

    /// Rows changed, from a CommandComplete tag (`INSERT 0 5`, `UPDATE 3`, `COPY 10`, …).
    static func rowsChanged(_ tag: String) -> Int {
        let words = tag.split(separator: " ")
        guard let verb = words.first, ["INSERT", "UPDATE", "DELETE", "MERGE", "COPY"].contains(verb) else { return 0 }
        return words.last.flatMap { Int($0) } ?? 0
    }

    /// One value in COPY's text format (tab-separated, `\N` for NULL, backslash escapes), in a
    /// form DuckDB casts back to the column's type.
    static func copyText(_ value: DuckDBValue, into text: inout String) {
        switch value {
        case .null: text += "\\N"
        case .bool(let v): text += v ? "true" : "false"
        case .int(let v): text += String(v)
        case .uint(let v): text += String(v)
        case .double(let v): text += v.isNaN ? "NaN" : v.isInfinite ? (v < 0 ? "-Infinity" : "Infinity") : "\(v)"
        case .decimal(let v): text += v.description
        case .string(let v): escape(v, into: &text)
        case .blob(let v):
            // DuckDB's VARCHAR→BLOB cast reads \xHH per byte; the backslash itself is escaped for COPY.
            for byte in v { text += "\\\\x"; text += String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
        case .date(let v): text += v.description
        case .time(let v):
            text += ValueEncodingText.time(v.micros)
        case .timestamp(let v): text += ValueEncodingText.timestamp(v.micros)
        case .timestampTZ(let v): text += ValueEncodingText.timestamp(v.micros) + "+00"
        case .interval(let v): text += "\(v.months) months \(v.days) days \(v.micros) microseconds"
        }
    }

    private static func escape(_ string: String, into text: inout String) {
        for character in string.unicodeScalars {
            switch character {
            case "\\": text += "\\\\"
            case "\t": text += "\\t"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            default: text.unicodeScalars.append(character)
            }
        }
    }
}

/// PostgreSQL's text forms of times and timestamps (microsecond precision).
enum ValueEncodingText {
    static func time(_ micros: Int64) -> String {
        let seconds = micros / 1_000_000, fraction = micros % 1_000_000
        return String(format: "%02lld:%02lld:%02lld.%06lld", seconds / 3600, seconds / 60 % 60, seconds % 60, fraction)
    }

    static func timestamp(_ micros: Int64) -> String {
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; days -= 1 }
        return DuckDBDate(days: Int32(days)).description + " " + time(rest)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
