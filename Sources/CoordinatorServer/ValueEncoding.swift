import DuckDBKit
import Foundation
import NIOCore

/// Converts between DuckDB values and the text and binary wire formats of PostgreSQL.
///
/// ```swift
/// ValueEncoding.text(.bool(true), as: .bool)   // "t"
/// ValueEncoding.binary(.int(7), as: .int4)     // [0, 0, 0, 7]
/// ```
public enum ValueEncoding {
    /// Days from 1970-01-01 to 2000-01-01, PostgreSQL's binary epoch.
    static let epochDays: Int64 = 10_957
    static let epochMicros: Int64 = 946_684_800_000_000

    // MARK: Results

    /// The text form of `value` (nil for NULL).
    public static func text(_ value: DuckDBValue, as type: PostgresType) -> [UInt8]? {
        textString(value, as: type).map { Array($0.utf8) }
    }

    static func textString(_ value: DuckDBValue, as type: PostgresType) -> String? {
        switch value {
        case .null: return nil
        case .bool(let v): return v ? "t" : "f"
        case .int(let v): return String(v)
        case .uint(let v): return String(v)
        case .double(let v): return formatDouble(v, single: type == .float4)
        case .string(let v): return v
        case .blob(let v): return "\\x" + v.map { String(format: "%02x", $0) }.joined()
        case .date(let v): return v.description
        case .time(let v): return formatTime(v.micros)
        case .timestamp(let v): return formatTimestamp(v.micros)
        case .timestampTZ(let v): return formatTimestamp(v.micros) + "+00"
        case .interval(let v): return formatInterval(v)
        case .decimal(let v): return v.description
        }
    }

    static func formatDouble(_ v: Double, single: Bool) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
        var text = single ? Float(v).description : v.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    static func formatTime(_ micros: Int64) -> String {
        let seconds = micros / 1_000_000, fraction = micros % 1_000_000
        var text = String(format: "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60)
        if fraction != 0 { text += fractionText(fraction) }
        return text
    }

    static func fractionText(_ micros: Int64) -> String {
        var digits = String(format: ".%06lld", micros)
        while digits.hasSuffix("0") { digits.removeLast() }
        return digits
    }

    static func formatTimestamp(_ micros: Int64) -> String {
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; days -= 1 }
        return DuckDBDate(days: Int32(days)).description + " " + formatTime(rest)
    }

    static func formatInterval(_ v: DuckDBInterval) -> String {
        var parts: [String] = []
        let years = v.months / 12, months = v.months % 12
        if years != 0 { parts.append("\(years) year" + (abs(years) == 1 ? "" : "s")) }
        if months != 0 { parts.append("\(months) mon" + (abs(months) == 1 ? "" : "s")) }
        if v.days != 0 { parts.append("\(v.days) day" + (abs(v.days) == 1 ? "" : "s")) }
        if v.micros != 0 || parts.isEmpty {
            let sign = v.micros < 0 ? "-" : ""
            parts.append(sign + formatTime(abs(v.micros)))
        }
        return parts.joined(separator: " ")
    }

    /// The binary form of `value` for `type` (nil for NULL).
    public static func binary(_ value: DuckDBValue, as type: PostgresType) -> [UInt8]? {
        if case .null = value { return nil }
        var buffer = ByteBuffer()
        switch (type, value) {
        case (.bool, .bool(let v)): buffer.writeInteger(UInt8(v ? 1 : 0))
        case (.int2, .int(let v)): buffer.writeInteger(Int16(truncatingIfNeeded: v))
        case (.int4, .int(let v)): buffer.writeInteger(Int32(truncatingIfNeeded: v))
        case (.int8, .int(let v)): buffer.writeInteger(v)
        case (.float4, .double(let v)): buffer.writeInteger(Float(v).bitPattern)
        case (.float8, .double(let v)): buffer.writeInteger(v.bitPattern)
        case (.date, .date(let v)): buffer.writeInteger(Int32(Int64(v.days) - epochDays))
        case (.time, .time(let v)): buffer.writeInteger(v.micros)
        case (.timestamp, .timestamp(let v)), (.timestamptz, .timestampTZ(let v)), (.timestamp, .timestampTZ(let v)):
            buffer.writeInteger(v.micros - epochMicros)
        case (.interval, .interval(let v)):
            buffer.writeInteger(v.micros); buffer.writeInteger(v.days); buffer.writeInteger(v.months)
        case (.bytea, .blob(let v)): buffer.writeBytes(v)
        case (.uuid, .string(let v)):
            guard let uuid = UUID(uuidString: v) else { return Array(v.utf8) }
            _ = withUnsafeBytes(of: uuid.uuid) { buffer.writeBytes($0) }
        case (.numeric, _):
            guard let text = textString(value, as: type) else { return nil }
            writeNumeric(text, into: &buffer)
        default:
            return textString(value, as: type).map { Array($0.utf8) }
        }
        return Array(buffer.readableBytesView)
    }

    /// NUMERIC's binary form (base-10000 digits) from its decimal text.
    static func writeNumeric(_ text: String, into buffer: inout ByteBuffer) {
        var digits = text
        var negative = false
        if digits.hasPrefix("-") { negative = true; digits.removeFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0]).drop { $0 == "0" }
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let scale = fraction.count
        // Pad to groups of four around the decimal point.
        let intPadded = String(repeating: "0", count: (4 - integer.count % 4) % 4) + integer
        let fracPadded = fraction + String(repeating: "0", count: (4 - fraction.count % 4) % 4)
        var groups: [Int16] = []
        for chunk in stride(from: 0, to: intPadded.count, by: 4) {
            let start = intPadded.index(intPadded.startIndex, offsetBy: chunk)
            groups.append(Int16(intPadded[start..<intPadded.index(start, offsetBy: 4)])!)
        }
        let weight = Int16(groups.count - 1)
        for chunk in stride(from: 0, to: fracPadded.count, by: 4) {
            let start = fracPadded.index(fracPadded.startIndex, offsetBy: chunk)
            groups.append(Int16(fracPadded[start..<fracPadded.index(start, offsetBy: 4)])!)
        }
        var leadingWeight = weight
        while let first = groups.first, first == 0 { groups.removeFirst(); leadingWeight -= 1 }
        while let last = groups.last, last == 0 { groups.removeLast() }
        buffer.writeInteger(Int16(groups.count))
        buffer.writeInteger(groups.isEmpty ? 0 : leadingWeight)
        buffer.writeInteger(UInt16(negative && !groups.isEmpty ? 0x4000 : 0))
        buffer.writeInteger(Int16(scale))
        for group in groups { buffer.writeInteger(group) }
    }

    // MARK: Parameters

    /// The DuckDB value a Bind parameter stands for: text is handed to DuckDB as a string (it
    /// casts to the parameter's type) unless `type` says otherwise; binary is decoded by `type`.
    public static func parameter(_ bytes: ByteBuffer?, binary: Bool, type: PostgresType) throws -> DuckDBValue {
        guard var bytes else { return .null }
        if !binary {
            let text = bytes.readString(length: bytes.readableBytes) ?? ""
            switch type {
            case .bool: return .bool(["t", "true", "1", "on", "yes", "y"].contains(text.lowercased()))
            case .int2, .int4, .int8:
                guard let v = Int64(text.trimmingWhitespace) else {
                    throw SessionError(SQLState.invalidText, "invalid input syntax for type integer: \"\(text)\"")
                }
                return .int(v)
            case .float4, .float8:
                guard let v = Double(text.trimmingWhitespace) else {
                    throw SessionError(SQLState.invalidText, "invalid input syntax for type double precision: \"\(text)\"")
                }
                return .double(v)
            case .bytea:
                if text.hasPrefix("\\x") { return .blob(Data(hex: text.dropFirst(2))) }
                return .blob(Data(text.utf8))
            default: return .string(text)
            }
        }
        func need(_ n: Int) throws {
            guard bytes.readableBytes == n else {
                throw SessionError(SQLState.protocolViolation, "binary parameter of type \(type.rawValue) has \(bytes.readableBytes) bytes, expected \(n)")
            }
        }
        switch type {
        case .bool: try need(1); return .bool(bytes.readInteger(as: UInt8.self)! != 0)
        case .int2: try need(2); return .int(Int64(bytes.readInteger(as: Int16.self)!))
        case .int4: try need(4); return .int(Int64(bytes.readInteger(as: Int32.self)!))
        case .int8: try need(8); return .int(bytes.readInteger(as: Int64.self)!)
        case .float4: try need(4); return .double(Double(Float(bitPattern: bytes.readInteger(as: UInt32.self)!)))
        case .float8: try need(8); return .double(Double(bitPattern: bytes.readInteger(as: UInt64.self)!))
        case .date: try need(4); return .date(DuckDBDate(days: Int32(Int64(bytes.readInteger(as: Int32.self)!) + epochDays)))
        case .time: try need(8); return .time(DuckDBTime(micros: bytes.readInteger(as: Int64.self)!))
        case .timestamp: try need(8); return .timestamp(DuckDBTimestamp(micros: bytes.readInteger(as: Int64.self)! + epochMicros))
        case .timestamptz: try need(8); return .timestampTZ(DuckDBTimestamp(micros: bytes.readInteger(as: Int64.self)! + epochMicros))
        case .interval:
            try need(16)
            let micros = bytes.readInteger(as: Int64.self)!, days = bytes.readInteger(as: Int32.self)!, months = bytes.readInteger(as: Int32.self)!
            return .interval(DuckDBInterval(months: months, days: days, micros: micros))
        case .bytea: return .blob(Data(bytes.readableBytesView))
        case .uuid:
            try need(16)
            let b = Array(bytes.readableBytesView)
            let uuid = UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
            return .string(uuid.uuidString.lowercased())
        case .numeric: return .string(try readNumeric(&bytes))
        case .jsonb:
            _ = bytes.readInteger(as: UInt8.self) // version byte
            return .string(bytes.readString(length: bytes.readableBytes) ?? "")
        default: return .string(bytes.readString(length: bytes.readableBytes) ?? "")
        }
    }

    static func readNumeric(_ bytes: inout ByteBuffer) throws -> String {
        guard let count = bytes.readInteger(as: Int16.self), let weight = bytes.readInteger(as: Int16.self),
              let sign = bytes.readInteger(as: UInt16.self), let scale = bytes.readInteger(as: Int16.self) else {
            throw SessionError(SQLState.protocolViolation, "short binary numeric")
        }
        if sign == 0xC000 { return "NaN" }
        var groups: [Int16] = []
        for _ in 0..<max(0, Int(count)) { groups.append(bytes.readInteger(as: Int16.self) ?? 0) }
        var integer = ""
        var fraction = ""
        for (i, group) in groups.enumerated() {
            let position = Int(weight) - i
            let text = String(format: "%04d", group)
            if position >= 0 { integer += text } else { fraction += text }
        }
        if Int(weight) >= groups.count { integer += String(repeating: "0000", count: Int(weight) - groups.count + 1) }
        if weight < -1 { fraction = String(repeating: "0000", count: Int(-weight - 1)) + fraction }
        integer = String(integer.drop { $0 == "0" })
        if integer.isEmpty { integer = "0" }
        fraction = String(fraction.prefix(Int(scale)))
        fraction += String(repeating: "0", count: max(0, Int(scale) - fraction.count))
        return (sign == 0x4000 ? "-" : "") + integer + (scale > 0 ? "." + fraction : "")
    }
}

extension Data {
    init(hex: Substring) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        self.init(bytes)
    }
}
