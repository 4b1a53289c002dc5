import CDuckDB
import Foundation

/// Converts a Foundation `Decimal` to DuckDB's DECIMAL (width, scale, 128-bit unscaled value).
enum DecimalEncoding {
    static func encode(_ value: Decimal) throws -> duckdb_decimal {
        guard value.isFinite else { throw DuckDBError(.conversion, message: "cannot bind \(value) as DECIMAL") }
        var text = value.description  // plain notation, e.g. "-123.4500" or "1000"
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        var integer = Substring(text), fraction = Substring("")
        if let dot = text.firstIndex(of: ".") {
            integer = text[..<dot]
            fraction = text[text.index(after: dot)...]
        }
        let digits = (integer + fraction).drop { $0 == "0" }
        let scale = fraction.count
        let width = max(digits.count, scale + 1)
        guard width <= 38 else {
            throw DuckDBError(.conversion, message: "\(value) needs \(width) digits; DECIMAL holds at most 38")
        }
        // Accumulate the digits into a 128-bit magnitude (hi, lo).
        var lo: UInt64 = 0, hi: UInt64 = 0
        for character in digits {
            guard let digit = character.wholeNumberValue else {
                throw DuckDBError(.conversion, message: "cannot bind \(value) as DECIMAL")
            }
            let loProduct = lo.multipliedFullWidth(by: 10)
            hi = hi &* 10 &+ loProduct.high
            let (sum, carry) = loProduct.low.addingReportingOverflow(UInt64(digit))
            lo = sum
            if carry { hi &+= 1 }
        }
        if negative {
            lo = ~lo &+ 1
            hi = ~hi &+ (lo == 0 ? 1 : 0)
        }
        return duckdb_decimal(width: UInt8(width), scale: UInt8(scale),
                              value: duckdb_hugeint(lower: lo, upper: Int64(bitPattern: hi)))
    }
}
