import CDuckDB
import Foundation

/// How to read one result column out of a data-chunk vector, decided once per result.
struct ColumnDecoder {
    enum Physical {
        case bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float, double
        case hugeint, uhugeint, varchar, blob, date, time, timestamp, timestampTZ
        case timestampSeconds, timestampMillis, timestampNanos, interval, uuid
        case decimal16(scale: Int16), decimal32(scale: Int16), decimal64(scale: Int16), decimal128(scale: Int16)
        case enum8([String]), enum16([String]), enum32([String])
        /// LIST, ARRAY, STRUCT, MAP: read through ``DataChunkView/nested(column:row:)``.
        case nested(NestedDecoder)
    }

    let name: String
    let typeName: String
    let physical: Physical

    init(api: cduckdb_api, name: String, type: duckdb_logical_type) throws {
        self.name = name
        let id = api.get_type_id(type)
        typeName = ColumnDecoder.typeName(id)
        switch id {
        case DUCKDB_TYPE_BOOLEAN: physical = .bool
        case DUCKDB_TYPE_TINYINT: physical = .int8
        case DUCKDB_TYPE_SMALLINT: physical = .int16
        case DUCKDB_TYPE_INTEGER: physical = .int32
        case DUCKDB_TYPE_BIGINT: physical = .int64
        case DUCKDB_TYPE_UTINYINT: physical = .uint8
        case DUCKDB_TYPE_USMALLINT: physical = .uint16
        case DUCKDB_TYPE_UINTEGER: physical = .uint32
        case DUCKDB_TYPE_UBIGINT: physical = .uint64
        case DUCKDB_TYPE_FLOAT: physical = .float
        case DUCKDB_TYPE_DOUBLE: physical = .double
        case DUCKDB_TYPE_HUGEINT: physical = .hugeint
        case DUCKDB_TYPE_UHUGEINT: physical = .uhugeint
        case DUCKDB_TYPE_VARCHAR: physical = .varchar
        case DUCKDB_TYPE_BLOB: physical = .blob
        case DUCKDB_TYPE_DATE: physical = .date
        case DUCKDB_TYPE_TIME: physical = .time
        case DUCKDB_TYPE_TIMESTAMP: physical = .timestamp
        case DUCKDB_TYPE_TIMESTAMP_TZ: physical = .timestampTZ
        case DUCKDB_TYPE_TIMESTAMP_S: physical = .timestampSeconds
        case DUCKDB_TYPE_TIMESTAMP_MS: physical = .timestampMillis
        case DUCKDB_TYPE_TIMESTAMP_NS: physical = .timestampNanos
        case DUCKDB_TYPE_INTERVAL: physical = .interval
        case DUCKDB_TYPE_UUID: physical = .uuid
        case DUCKDB_TYPE_DECIMAL:
            let scale = Int16(api.decimal_scale(type))
            switch api.decimal_internal_type(type) {
            case DUCKDB_TYPE_SMALLINT: physical = .decimal16(scale: scale)
            case DUCKDB_TYPE_INTEGER: physical = .decimal32(scale: scale)
            case DUCKDB_TYPE_BIGINT: physical = .decimal64(scale: scale)
            default: physical = .decimal128(scale: scale)
            }
        case DUCKDB_TYPE_ENUM:
            var dictionary: [String] = []
            for index in 0..<idx_t(api.enum_dictionary_size(type)) {
                let text = api.enum_dictionary_value(type, index)
                dictionary.append(text.map { String(cString: $0) } ?? "")
                if let text { api.free(text) }
            }
            switch api.enum_internal_type(type) {
            case DUCKDB_TYPE_UTINYINT: physical = .enum8(dictionary)
            case DUCKDB_TYPE_USMALLINT: physical = .enum16(dictionary)
            default: physical = .enum32(dictionary)
            }
        case DUCKDB_TYPE_LIST, DUCKDB_TYPE_ARRAY, DUCKDB_TYPE_STRUCT, DUCKDB_TYPE_MAP:
            physical = .nested(try NestedDecoder(api: api, name: name, type: type))
        default:
            throw DuckDBError(.typeMismatch, message:
                "column \"\(name)\" has type \(typeName), which DuckDBKit does not read; cast it in SQL (e.g. \(name)::VARCHAR)")
        }
    }

    /// Reads row `row` of a vector whose data is `data` and validity mask `validity`.
    @inline(__always)
    func value(_ data: UnsafeMutableRawPointer, _ validity: UnsafeMutablePointer<UInt64>?, _ row: Int) -> DuckDBValue {
        guard cduckdb_row_is_valid(validity, idx_t(row)) else { return .null }
        switch physical {
        case .bool: return .bool(data.load(fromByteOffset: row, as: Bool.self))
        case .int8: return .int(Int64(data.load(fromByteOffset: row, as: Int8.self)))
        case .int16: return .int(Int64(data.load(fromByteOffset: row * 2, as: Int16.self)))
        case .int32: return .int(Int64(data.load(fromByteOffset: row * 4, as: Int32.self)))
        case .int64: return .int(data.load(fromByteOffset: row * 8, as: Int64.self))
        case .uint8: return .int(Int64(data.load(fromByteOffset: row, as: UInt8.self)))
        case .uint16: return .int(Int64(data.load(fromByteOffset: row * 2, as: UInt16.self)))
        case .uint32: return .int(Int64(data.load(fromByteOffset: row * 4, as: UInt32.self)))
        case .uint64:
            let u = data.load(fromByteOffset: row * 8, as: UInt64.self)
            return u <= UInt64(Int64.max) ? .int(Int64(u)) : .uint(u)
        case .float: return .double(Double(data.load(fromByteOffset: row * 4, as: Float.self)))
        case .double: return .double(data.load(fromByteOffset: row * 8, as: Double.self))
        case .hugeint:
            let (lower, upper) = hugeint(data, row)
            return ColumnDecoder.int128(lower: lower, upper: upper, scale: 0)
        case .uhugeint:
            let (lower, upper) = hugeint(data, row)
            if upper == 0, lower <= UInt64(Int64.max) { return .int(Int64(lower)) }
            return .decimal(Decimal(UInt64(bitPattern: upper)) * ColumnDecoder.twoTo64 + Decimal(lower))
        case .varchar: return .string(string(data, row))
        case .blob:
            let s = (data + row * 16).assumingMemoryBound(to: duckdb_string_t.self)
            return .blob(Data(bytes: cduckdb_string_data(s), count: Int(cduckdb_string_length(s))))
        case .date: return .date(DuckDBDate(days: data.load(fromByteOffset: row * 4, as: Int32.self)))
        case .time: return .time(DuckDBTime(micros: data.load(fromByteOffset: row * 8, as: Int64.self)))
        case .timestamp: return .timestamp(DuckDBTimestamp(micros: data.load(fromByteOffset: row * 8, as: Int64.self)))
        case .timestampTZ: return .timestampTZ(DuckDBTimestamp(micros: data.load(fromByteOffset: row * 8, as: Int64.self)))
        case .timestampSeconds:
            return .timestamp(DuckDBTimestamp(micros: data.load(fromByteOffset: row * 8, as: Int64.self) &* 1_000_000))
        case .timestampMillis:
            return .timestamp(DuckDBTimestamp(micros: data.load(fromByteOffset: row * 8, as: Int64.self) &* 1_000))
        case .timestampNanos:
            return .timestamp(DuckDBTimestamp(micros: data.load(fromByteOffset: row * 8, as: Int64.self) / 1_000))
        case .interval:
            let base = data + row * 16
            return .interval(DuckDBInterval(
                months: base.load(as: Int32.self), days: base.load(fromByteOffset: 4, as: Int32.self),
                micros: base.load(fromByteOffset: 8, as: Int64.self)))
        case .uuid:
            let (lower, upper) = hugeint(data, row)
            // DuckDB stores UUIDs with the top bit flipped so that they sort as signed integers.
            let high = UInt64(bitPattern: upper) ^ (1 << 63)
            let hex = String(format: "%016llx%016llx", high, lower)
            var parts = [Substring]()
            var index = hex.startIndex
            for length in [8, 4, 4, 4, 12] {
                let end = hex.index(index, offsetBy: length)
                parts.append(hex[index..<end])
                index = end
            }
            return .string(parts.joined(separator: "-"))
        case .decimal16(let scale):
            return ColumnDecoder.decimal(Int64(data.load(fromByteOffset: row * 2, as: Int16.self)), scale)
        case .decimal32(let scale):
            return ColumnDecoder.decimal(Int64(data.load(fromByteOffset: row * 4, as: Int32.self)), scale)
        case .decimal64(let scale):
            return ColumnDecoder.decimal(data.load(fromByteOffset: row * 8, as: Int64.self), scale)
        case .decimal128(let scale):
            let (lower, upper) = hugeint(data, row)
            return ColumnDecoder.int128(lower: lower, upper: upper, scale: scale)
        case .enum8(let names): return .string(names[Int(data.load(fromByteOffset: row, as: UInt8.self))])
        case .enum16(let names): return .string(names[Int(data.load(fromByteOffset: row * 2, as: UInt16.self))])
        case .enum32(let names): return .string(names[Int(data.load(fromByteOffset: row * 4, as: UInt32.self))])
        case .nested: return .null // read through the chunk's nested vectors (DataChunkView.value)
        }
    }

    @inline(__always)
    func string(_ data: UnsafeMutableRawPointer, _ row: Int) -> String {
        let s = (data + row * 16).assumingMemoryBound(to: duckdb_string_t.self)
        let buffer = UnsafeRawBufferPointer(start: cduckdb_string_data(s), count: Int(cduckdb_string_length(s)))
        return String(decoding: buffer, as: UTF8.self)
    }

    @inline(__always)
    private func hugeint(_ data: UnsafeMutableRawPointer, _ row: Int) -> (UInt64, Int64) {
        (data.load(fromByteOffset: row * 16, as: UInt64.self), data.load(fromByteOffset: row * 16 + 8, as: Int64.self))
    }

    static let twoTo64 = Decimal(string: "18446744073709551616")!

    static func decimal(_ unscaled: Int64, _ scale: Int16) -> DuckDBValue {
        .decimal(Decimal(sign: unscaled < 0 ? .minus : .plus, exponent: -Int(scale), significand: Decimal(unscaled.magnitude)))
    }

    static func int128(lower: UInt64, upper: Int64, scale: Int16) -> DuckDBValue {
        let negative = upper < 0
        // Two's complement magnitude of the 128-bit value.
        var lo = lower, hi = UInt64(bitPattern: upper)
        if negative {
            lo = ~lo &+ 1
            hi = ~hi &+ (lo == 0 ? 1 : 0)
        }
        if scale == 0, hi == 0, lo <= (negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)) {
            return .int(negative ? Int64(truncatingIfNeeded: 0 &- lo) : Int64(lo))
        }
        let magnitude = Decimal(hi) * twoTo64 + Decimal(lo)
        return .decimal(Decimal(sign: negative ? .minus : .plus, exponent: -Int(scale), significand: magnitude))
    }

    static func typeName(_ id: duckdb_type) -> String {
        let names: [UInt32: String] = [
            1: "BOOLEAN", 2: "TINYINT", 3: "SMALLINT", 4: "INTEGER", 5: "BIGINT", 6: "UTINYINT",
            7: "USMALLINT", 8: "UINTEGER", 9: "UBIGINT", 10: "FLOAT", 11: "DOUBLE", 12: "TIMESTAMP",
            13: "DATE", 14: "TIME", 15: "INTERVAL", 16: "HUGEINT", 17: "VARCHAR", 18: "BLOB",
            19: "DECIMAL", 20: "TIMESTAMP_S", 21: "TIMESTAMP_MS", 22: "TIMESTAMP_NS", 23: "ENUM",
            24: "LIST", 25: "STRUCT", 26: "MAP", 27: "UUID", 28: "UNION", 29: "BIT", 30: "TIMETZ",
            31: "TIMESTAMPTZ", 32: "UHUGEINT", 33: "ARRAY", 34: "ANY", 35: "BIGNUM", 36: "NULL",
        ]
        return names[id.rawValue] ?? "type #\(id.rawValue)"
    }
}
