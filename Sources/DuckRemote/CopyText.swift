import DuckDBKit
import Foundation
import NIOCore

/// Rows in `COPY … FROM STDIN`'s text format (tab-separated, `\N` for NULL, backslash
/// escapes), each value in a form both a sharp owner (DuckDB casts the text to the column's
/// type) and PostgreSQL read back as the value sent.
///
/// ```swift
/// var buffer = ByteBuffer()
/// CopyText.append([.int(1), .string("a\tb"), .null], to: &buffer)   // "1\ta\\tb\t\\N\n"
/// ```
enum CopyText {
    /// Whether COPY can carry these rows into `table`: no INTERVAL or BLOB values (DuckDB does
    /// not cast their text back reliably), and names postgres-nio's COPY quoting can carry
    /// (no `"`, no schema part).
    static func canCopy(table: String, columns: [String], rows: [[DuckDBValue]]) -> Bool {
        guard !([table] + columns).contains(where: { $0.contains("\"") || $0.contains(".") || $0.isEmpty }) else { return false }
        return !rows.contains { row in
            row.contains { value in
                switch value {
                case .interval, .blob: true
                default: false
                }
            }
        }
    }

    /// Appends one row and its newline.
    static func append(_ row: [DuckDBValue], to buffer: inout ByteBuffer) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            append(value, to: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private static func append(_ value: DuckDBValue, to buffer: inout ByteBuffer) {
        switch value {
        case .null: buffer.writeStaticString("\\N")
        case .bool(let v): buffer.writeStaticString(v ? "true" : "false")
        case .int(let v): buffer.writeString(String(v))
        case .uint(let v): buffer.writeString(String(v))
        case .double(let v): buffer.writeString(v.isNaN ? "NaN" : v.isInfinite ? (v < 0 ? "-Infinity" : "Infinity") : "\(v)")
        case .decimal(let v): buffer.writeString(NSDecimalNumber(decimal: v).description(withLocale: Locale(identifier: "en_US_POSIX")))
        case .string(let v): escape(v, into: &buffer)
        case .date(let v): buffer.writeString(v.description)
        case .time(let v): buffer.writeString(time(v.micros))
        case .timestamp(let v): buffer.writeString(timestamp(v.micros))
        case .timestampTZ(let v): buffer.writeString(timestamp(v.micros) + "+00")
        case .interval(let v): buffer.writeString("\(v.months) months \(v.days) days \(v.micros) microseconds")
        case .blob(let v):
            // PostgreSQL's bytea hex form (`\x…`), its backslash escaped for COPY.
            buffer.writeStaticString("\\\\x")
            for byte in v { buffer.writeString(String(byte, radix: 16, uppercase: true).leftPadded(to: 2)) }
        }
    }

    private static func escape(_ string: String, into buffer: inout ByteBuffer) {
        var start = string.utf8.startIndex
        var index = start
        let utf8 = string.utf8
        while index < utf8.endIndex {
            let escaped: StaticString? = switch utf8[index] {
            case UInt8(ascii: "\\"): "\\\\"
            case UInt8(ascii: "\t"): "\\t"
            case UInt8(ascii: "\n"): "\\n"
            case UInt8(ascii: "\r"): "\\r"
            default: nil
            }
            if let escaped {
                buffer.writeBytes(utf8[start..<index])
                buffer.writeStaticString(escaped)
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        buffer.writeBytes(utf8[start..<index])
    }

    /// PostgreSQL's text form of a time of day (microsecond precision).
    static func time(_ micros: Int64) -> String {
        let seconds = micros / 1_000_000, fraction = micros % 1_000_000
        return String(format: "%02lld:%02lld:%02lld.%06lld", seconds / 3600, seconds / 60 % 60, seconds % 60, fraction)
    }

    /// PostgreSQL's text form of a timestamp (microseconds since 1970).
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
