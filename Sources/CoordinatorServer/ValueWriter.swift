import DuckDBKit

/// Writes one result column's values from DuckDB's vector straight into outgoing bytes, in
/// the PostgreSQL text or binary form the column is sent in: no `DuckDBValue`, `String` or
/// array per value for the common types (integers and dates written digit by digit, VARCHAR
/// bytes copied as they are, binary values byte-swapped). The way of writing is chosen once
/// per result from the column's vector layout, reported type and format; every other type
/// (DECIMAL, HUGEINT, UBIGINT in binary, UUID, INTERVAL, ENUM, TIMESTAMP_S/MS/NS, nested, and
/// dates outside years 1…9999) goes through ``ValueEncoding`` as a boxed value, so a column's
/// bytes are those ``ValueEncoding`` gives for it, whichever way they were written.
///
/// DataRows and COPY … TO STDOUT (text, CSV, binary) both write their values with it
/// (``ChunkEncoder``).
///
/// ```swift
/// let writer = ValueWriter(layout: chunk.layout(column: 0), type: .int8, binary: false)
/// var out = WireBytes()
/// if !chunk.isNull(column: 0, row: 0) { _ = writer.write(chunk, column: 0, row: 0, into: &out) }  // "42"
/// ```
///
/// Contract: `type` is the type the column is reported as (`PostgresType(duckDBTypeName:)`),
/// and every chunk of the result has the layout the writer was made for.
enum ValueWriter: Equatable {
    case textBoolean, textSigned(DataChunkView.ColumnLayout), textUnsigned(DataChunkView.ColumnLayout)
    case textDouble, textFloat, textBlob, textDate, textTime, textTimestamp(zone: Bool)
    /// VARCHAR (text and binary) and BLOB (binary): the bytes as they are.
    case bytes
    case binaryBoolean, binaryInteger(DataChunkView.ColumnLayout, width: Int), binaryFloat4, binaryFloat8
    case binaryDate, binaryTime, binaryTimestamp
    /// The boxed value through ``ValueEncoding`` (text or binary) for the type.
    case boxed(PostgresType, binary: Bool)

    init(layout: DataChunkView.ColumnLayout, type: PostgresType, binary: Bool) {
        self = binary ? Self.binaryWriter(layout, type) : Self.textWriter(layout, type)
    }

    private static func textWriter(_ layout: DataChunkView.ColumnLayout, _ type: PostgresType) -> ValueWriter {
        switch layout {
        case .boolean where type == .bool: .textBoolean
        case .int8, .int16, .int32, .int64: .textSigned(layout)
        case .uint8, .uint16, .uint32, .uint64: .textUnsigned(layout)
        case .double where type == .float8: .textDouble
        case .float where type == .float4: .textFloat
        case .varchar where type == .varchar: .bytes
        case .blob where type == .bytea: .textBlob
        case .date where type == .date: .textDate
        case .time where type == .time: .textTime
        case .timestamp where type == .timestamp: .textTimestamp(zone: false)
        case .timestampTZ where type == .timestamptz: .textTimestamp(zone: true)
        default: .boxed(type, binary: false)
        }
    }

    private static func binaryWriter(_ layout: DataChunkView.ColumnLayout, _ type: PostgresType) -> ValueWriter {
        switch (layout, type) {
        case (.int8, .int2), (.int16, .int2), (.uint8, .int2): .binaryInteger(layout, width: 2)
        case (.int32, .int4), (.uint16, .int4): .binaryInteger(layout, width: 4)
        case (.int64, .int8), (.uint32, .int8): .binaryInteger(layout, width: 8)
        case (.boolean, .bool): .binaryBoolean
        case (.float, .float4): .binaryFloat4
        case (.double, .float8): .binaryFloat8
        case (.varchar, .varchar), (.blob, .bytea): .bytes
        case (.date, .date): .binaryDate
        case (.time, .time): .binaryTime
        case (.timestamp, .timestamp), (.timestampTZ, .timestamptz): .binaryTimestamp
        default: .boxed(type, binary: true)
        }
    }

    /// Whether the value is written straight from the vector (not boxed).
    var isDirect: Bool {
        if case .boxed = self { false } else { true }
    }

    /// Appends the value of row `row` of column `column` (not NULL: check `isNull` first);
    /// false when it turned out NULL (a nested value's NULL), with nothing appended.
    @inline(__always)
    func write(_ chunk: DataChunkView, column: Int, row: Int, into bytes: inout WireBytes) -> Bool {
        switch self {
        case .textBoolean:
            bytes.append(chunk.load(column: column, row: row, as: Bool.self) ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .textSigned(let layout):
            bytes.appendDecimal(Self.signed(layout, chunk, column, row))
        case .textUnsigned(let layout):
            bytes.appendDecimal(Self.unsigned(layout, chunk, column, row))
        case .textDouble:
            let value = chunk.load(column: column, row: row, as: Double.self)
            if !Self.appendNonFinite(value, into: &bytes) { Self.appendFinite(value.description, into: &bytes) }
        case .textFloat:
            let value = chunk.load(column: column, row: row, as: Float.self)
            if !Self.appendNonFinite(Double(value), into: &bytes) { Self.appendFinite(value.description, into: &bytes) }
        case .bytes:
            bytes.append(contentsOf: chunk.bytes(column: column, row: row))
        case .textBlob:
            let hex: StaticString = "0123456789abcdef"
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(UInt8(ascii: "x"))
            hex.withUTF8Buffer { digits in
                for byte in chunk.bytes(column: column, row: row) {
                    bytes.append(digits[Int(byte >> 4)])
                    bytes.append(digits[Int(byte & 0x0F)])
                }
            }
        case .textDate:
            let days = chunk.load(column: column, row: row, as: Int32.self)
            if !bytes.appendDate(Int64(days)) { return Self.boxed(chunk, column, row, .date, binary: false, into: &bytes) }
        case .textTime:
            let micros = chunk.load(column: column, row: row, as: Int64.self)
            guard micros >= 0, micros <= 86_400_000_000 else { return Self.boxed(chunk, column, row, .time, binary: false, into: &bytes) }
            bytes.appendTime(micros)
        case .textTimestamp(let zone):
            let micros = chunk.load(column: column, row: row, as: Int64.self)
            guard bytes.appendTimestamp(micros) else {
                return Self.boxed(chunk, column, row, zone ? .timestamptz : .timestamp, binary: false, into: &bytes)
            }
            if zone {
                bytes.append(UInt8(ascii: "+"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "0"))
            }
        case .binaryBoolean:
            bytes.append(chunk.load(column: column, row: row, as: Bool.self) ? 1 : 0)
        case .binaryInteger(let layout, let width):
            let value = layout == .uint32 ? Int64(Self.unsigned(layout, chunk, column, row)) : Self.signed(layout, chunk, column, row)
            bytes.appendBigEndian(UInt64(bitPattern: value), width: width)
        case .binaryFloat4:
            bytes.appendBigEndian(UInt64(chunk.load(column: column, row: row, as: Float.self).bitPattern), width: 4)
        case .binaryFloat8:
            bytes.appendBigEndian(chunk.load(column: column, row: row, as: Double.self).bitPattern, width: 8)
        case .binaryDate:
            let days = Int64(chunk.load(column: column, row: row, as: Int32.self)) - ValueEncoding.epochDays
            bytes.appendBigEndian(UInt64(bitPattern: days), width: 4)
        case .binaryTime:
            bytes.appendBigEndian(UInt64(bitPattern: chunk.load(column: column, row: row, as: Int64.self)), width: 8)
        case .binaryTimestamp:
            let micros = chunk.load(column: column, row: row, as: Int64.self) &- ValueEncoding.epochMicros
            bytes.appendBigEndian(UInt64(bitPattern: micros), width: 8)
        case .boxed(let type, let binary):
            return Self.boxed(chunk, column, row, type, binary: binary, into: &bytes)
        }
        return true
    }

    /// The value as ``ChunkEncoder/values(_:row:into:)`` boxes it, through ``ValueEncoding``.
    private static func boxed(_ chunk: DataChunkView, _ column: Int, _ row: Int, _ type: PostgresType, binary: Bool,
                              into bytes: inout WireBytes) -> Bool {
        let value = ChunkEncoder.value(chunk, column: column, row: row)
        guard let encoded = binary ? ValueEncoding.binary(value, as: type) : ValueEncoding.text(value, as: type) else { return false }
        bytes.append(contentsOf: encoded)
        return true
    }

    /// NaN and the infinities as PostgreSQL spells them (``ValueEncoding/formatDouble(_:single:)``);
    /// false (nothing appended) for a finite value.
    @inline(__always)
    private static func appendNonFinite(_ value: Double, into bytes: inout WireBytes) -> Bool {
        if value.isNaN { bytes.append(contentsOf: "NaN".utf8); return true }
        if value.isInfinite { bytes.append(contentsOf: (value < 0 ? "-Infinity" : "Infinity").utf8); return true }
        return false
    }

    /// A finite float's shortest round-trip `text` without a trailing `.0`, as
    /// ``ValueEncoding/formatDouble(_:single:)`` writes it.
    @inline(__always)
    private static func appendFinite(_ text: String, into bytes: inout WireBytes) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        let end = bytes.count
        if end - start >= 2, bytes[end - 2] == UInt8(ascii: "."), bytes[end - 1] == UInt8(ascii: "0") { bytes.removeLast(2) }
    }

    @inline(__always)
    private static func signed(_ layout: DataChunkView.ColumnLayout, _ chunk: DataChunkView, _ column: Int, _ row: Int) -> Int64 {
        switch layout {
        case .int8: Int64(chunk.load(column: column, row: row, as: Int8.self))
        case .int16: Int64(chunk.load(column: column, row: row, as: Int16.self))
        case .int32: Int64(chunk.load(column: column, row: row, as: Int32.self))
        case .uint8: Int64(chunk.load(column: column, row: row, as: UInt8.self))
        case .uint16: Int64(chunk.load(column: column, row: row, as: UInt16.self))
        default: chunk.load(column: column, row: row, as: Int64.self)
        }
    }

    @inline(__always)
    private static func unsigned(_ layout: DataChunkView.ColumnLayout, _ chunk: DataChunkView, _ column: Int, _ row: Int) -> UInt64 {
        switch layout {
        case .uint8: UInt64(chunk.load(column: column, row: row, as: UInt8.self))
        case .uint16: UInt64(chunk.load(column: column, row: row, as: UInt16.self))
        case .uint32: UInt64(chunk.load(column: column, row: row, as: UInt32.self))
        default: chunk.load(column: column, row: row, as: UInt64.self)
        }
    }
}

extension WireBytes {
    /// `value` big-endian in its low `width` bytes.
    @inline(__always)
    mutating func appendBigEndian(_ value: UInt64, width: Int) {
        var shift = (width - 1) * 8
        while shift >= 0 {
            append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            shift -= 8
        }
    }

    /// `value` in decimal digits (`String(value)`).
    @inline(__always)
    mutating func appendDecimal(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude)
    }

    /// `value` in decimal digits (`String(value)`).
    @inline(__always)
    mutating func appendDecimal(_ value: UInt64) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes, filled right to left: UInt64.max has 20 digits
        var v = value, count = 0
        withUnsafeMutableBytes(of: &scratch) { digits in
            repeat {
                digits[23 - count] = UInt8(truncatingIfNeeded: v % 10) &+ UInt8(ascii: "0")
                v /= 10
                count += 1
            } while v > 0
            append(contentsOf: UnsafeRawBufferPointer(rebasing: digits[(24 - count)...]))
        }
    }

    @inline(__always)
    mutating func appendTwoDigits(_ value: Int) {
        append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10))
        append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10))
    }

    /// `YYYY-MM-DD` as `DuckDBDate.description` writes it, for years 1…9999; false (nothing
    /// appended) for others.
    mutating func appendDate(_ days: Int64) -> Bool {
        guard days >= -719_162, days <= 2_932_896 else { return false }  // 0001-01-01 … 9999-12-31
        let c = DuckDBDate(days: Int32(days)).components
        appendTwoDigits(c.year / 100)
        appendTwoDigits(c.year % 100)
        append(UInt8(ascii: "-"))
        appendTwoDigits(c.month)
        append(UInt8(ascii: "-"))
        appendTwoDigits(c.day)
        return true
    }

    /// `HH:MM:SS[.ffffff without trailing zeros]` as ``ValueEncoding/formatTime(_:)`` writes
    /// it, for 0 ≤ `micros` < 100 hours.
    mutating func appendTime(_ micros: Int64) {
        let seconds = Int(micros / 1_000_000)
        appendTwoDigits(seconds / 3_600)
        append(UInt8(ascii: ":"))
        appendTwoDigits(seconds / 60 % 60)
        append(UInt8(ascii: ":"))
        appendTwoDigits(seconds % 60)
        var fraction = Int(micros % 1_000_000)
        guard fraction != 0 else { return }
        append(UInt8(ascii: "."))
        var digits = 6
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
            append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction / divisor % 10))
            divisor /= 10
        }
    }

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]` as ``ValueEncoding/formatTimestamp(_:)`` writes it, for
    /// years 1…9999; false (nothing appended) for others.
    mutating func appendTimestamp(_ micros: Int64) -> Bool {
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; days -= 1 }
        guard appendDate(days) else { return false }
        append(UInt8(ascii: " "))
        appendTime(rest)
        return true
    }
}
