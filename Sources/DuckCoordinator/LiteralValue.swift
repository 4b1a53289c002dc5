import DuckDBKit

extension SQLLiteral {
    /// The value DuckDB would store for this literal in a column of DuckDB type `type`
    /// (`"BIGINT"`, `"DOUBLE"`, `"TIMESTAMPTZ"`, …), or nil when that is not certain here — the
    /// statement then runs the planned way and DuckDB decides (and reports any error itself).
    ///
    /// ```swift
    /// SQLLiteral.decimal("61.5").value(as: "DOUBLE")                                 // .double(61.5)
    /// SQLLiteral.string("2025-06-17 23:05:00+00", cast: nil).value(as: "TIMESTAMPTZ") // .timestampTZ(…)
    /// SQLLiteral.string("2025-06-17 23:05:00", cast: nil).value(as: "TIMESTAMPTZ")    // nil: depends on TimeZone
    /// ```
    ///
    /// Why each case is the same as DuckDB's own cast:
    /// - integers go into integer columns whose range holds them (DuckDB's cast is exact there),
    ///   and into DOUBLE up to 2^53 (exactly representable);
    /// - a decimal literal is DuckDB's DECIMAL(w, s); with at most 15 digits its unscaled value
    ///   and 10^s are exact doubles, so `unscaled / 10^s` is the one correctly rounded quotient,
    ///   which is how DuckDB casts DECIMAL to DOUBLE (and why `-0.0` is +0);
    /// - a literal with an exponent is a DOUBLE parsed with correct rounding, as Swift's is;
    /// - strings go unchanged into VARCHAR; dates and timestamps are taken only in the strict
    ///   ISO forms, timestamps into TIMESTAMPTZ only with an explicit UTC offset (otherwise
    ///   DuckDB reads them in the session's TimeZone).
    func value(as type: String) -> DuckDBValue? {
        switch self {
        case .null:
            return .null
        case .boolean(let b):
            return type == "BOOLEAN" ? .bool(b) : nil
        case .integer(let v):
            switch type {
            case "BIGINT": return .int(v)
            case "INTEGER": return Int32(exactly: v) != nil ? .int(v) : nil
            case "SMALLINT": return Int16(exactly: v) != nil ? .int(v) : nil
            case "TINYINT": return Int8(exactly: v) != nil ? .int(v) : nil
            case "DOUBLE": return v.magnitude <= 1 << 53 ? .double(Double(v)) : nil
            default: return nil
            }
        case .decimal(let text):
            guard type == "DOUBLE", let value = Self.decimalAsDouble(text) else { return nil }
            return .double(value)
        case .float(let text):
            guard type == "DOUBLE", let value = Double(text), value.isFinite else { return nil }
            return .double(value)
        case .string(let text, let cast):
            switch (type, cast) {
            case ("VARCHAR", nil), ("VARCHAR", "text"?), ("VARCHAR", "varchar"?):
                return .string(text)
            case ("DATE", nil), ("DATE", "date"?):
                return ISOTimestamp.date(text).map { .date(DuckDBDate(days: $0)) }
            case ("TIMESTAMP", nil), ("TIMESTAMP", "timestamp"?):
                guard let parsed = ISOTimestamp.parse(text), parsed.offsetSeconds == nil else { return nil }
                return .timestamp(DuckDBTimestamp(micros: parsed.micros))
            case ("TIMESTAMPTZ", nil), ("TIMESTAMPTZ", "timestamptz"?):
                guard let parsed = ISOTimestamp.parse(text), let offset = parsed.offsetSeconds else { return nil }
                return .timestampTZ(DuckDBTimestamp(micros: parsed.micros - Int64(offset) * 1_000_000))
            default:
                return nil
            }
        }
    }

    /// `[-+]digits.digits` with at most 15 digits as DuckDB's DECIMAL→DOUBLE cast computes it.
    static func decimalAsDouble(_ text: String) -> Double? {
        var unscaled: Int64 = 0, scale = 0, digits = 0, negative = false, afterPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): afterPoint = true
            default:
                digits += 1
                guard digits <= 15 else { return nil }
                unscaled = unscaled * 10 + Int64(byte - UInt8(ascii: "0"))
                if afterPoint { scale += 1 }
            }
        }
        let power = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15][scale]
        return Double(negative ? -unscaled : unscaled) / power
    }
}

/// Strict ISO dates and timestamps: `YYYY-MM-DD`, `YYYY-MM-DD[ T]HH:MM:SS[.ffffff]` and an
/// optional offset `Z`, `±HH`, `±HH:MM` or `±HHMM`. Anything else (other layouts, years
/// outside 1–9999, `24:00`, leap seconds, more than six fraction digits, `infinity`, `BC`) is
/// nil, for DuckDB to judge.
///
/// ```swift
/// ISOTimestamp.parse("2025-06-17T23:05:00+02:00")   // micros of 2025-06-17 23:05 (local), offset 7200
/// ```
enum ISOTimestamp {
    /// Days since 1970-01-01 of a `YYYY-MM-DD`, or nil.
    static func date(_ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, let days = date(bytes, 0) else { return nil }
        return days
    }

    /// Microseconds since 1970-01-01 of the wall-clock time written (no offset applied), and the
    /// offset east of UTC in seconds when one is written.
    static func parse(_ text: String) -> (micros: Int64, offsetSeconds: Int?)? {
        let b = Array(text.utf8)
        guard b.count >= 19, let days = date(b, 0), b[10] == 0x20 || b[10] == 0x54,
              let hour = number(b, 11, 2), b[13] == 0x3A, let minute = number(b, 14, 2), b[16] == 0x3A,
              let second = number(b, 17, 2), hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var count = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                guard count < 6 else { return nil }
                fraction = fraction * 10 + Int64(b[i] - 0x30)
                count += 1
                i += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<6 { fraction *= 10 }
        }
        var offset: Int?
        if i < b.count {
            if b[i] == 0x5A, i + 1 == b.count {  // Z
                offset = 0
            } else if b[i] == 0x2B || b[i] == 0x2D {
                let sign = b[i] == 0x2D ? -1 : 1
                guard let hours = number(b, i + 1, 2), hours <= 15 else { return nil }
                var minutes = 0
                let rest = b.count - (i + 3)
                if rest == 3, b[i + 3] == 0x3A, let m = number(b, i + 4, 2) {
                    minutes = m
                } else if rest == 2, let m = number(b, i + 3, 2) {
                    minutes = m
                } else if rest != 0 {
                    return nil
                }
                guard minutes < 60 else { return nil }
                offset = sign * (hours * 3_600 + minutes * 60)
            } else {
                return nil
            }
        }
        let micros = ((Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)) * 1_000_000) + fraction
        return (micros, offset)
    }

    private static func number(_ b: [UInt8], _ at: Int, _ width: Int) -> Int? {
        guard at + width <= b.count else { return nil }
        var value = 0
        for byte in b[at..<(at + width)] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func date(_ b: [UInt8], _ at: Int) -> Int32? {
        guard let year = number(b, at, 4), b[at + 4] == 0x2D, let month = number(b, at + 5, 2), b[at + 7] == 0x2D,
              let day = number(b, at + 8, 2), year >= 1, (1...12).contains(month) else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= lengths[month - 1] else { return nil }
        // Days from civil (Howard Hinnant's algorithm), proleptic Gregorian.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146_097 + doe - 719_468)
    }
}
