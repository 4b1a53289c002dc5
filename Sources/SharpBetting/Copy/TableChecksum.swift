import DuckDBKit
import Foundation

/// An order-independent checksum of a table's rows, computed from the values as sharp reads
/// them (not from either engine's text form), so the same rows give the same checksum on
/// DuckDB and PostgreSQL: each row's values are hashed (FNV-1a, 64 bits, over a tagged byte
/// encoding: an integer is an integer whether the column is INTEGER or BIGINT), and the row
/// hashes are added (wrapping). Stable across processes and runs.
///
/// ```swift
/// var checksum = TableChecksum()
/// for row in rows { checksum.add(row.values) }
/// print(checksum.rows, checksum.hex)   // 1243 9f3c0a…
/// ```
public struct TableChecksum: Sendable, Hashable, CustomStringConvertible {
    /// Rows added.
    public private(set) var rows = 0
    /// The sum of the row hashes.
    public private(set) var value: UInt64 = 0

    /// An empty checksum (no rows).
    public init() {}

    /// Adds one row.
    public mutating func add(_ values: [DuckDBValue]) {
        var hash = FNV1a()
        for value in values { hash.add(value) }
        self.value &+= hash.value
        rows += 1
    }

    /// `value` as 16 hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public var description: String { counted(rows, "row") + ", checksum \(hex)" }

    /// FNV-1a over a tagged encoding of values.
    private struct FNV1a {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func byte(_ byte: UInt8) {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }

        mutating func integer(_ integer: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) { byte(UInt8(truncatingIfNeeded: integer >> UInt64(shift))) }
        }

        mutating func bytes(_ data: some Sequence<UInt8>) {
            var count: UInt64 = 0
            for item in data {
                byte(item)
                count += 1
            }
            integer(count)
        }

        mutating func add(_ value: DuckDBValue) {
            switch value {
            case .null: byte(0)
            case .bool(let flag): byte(1); byte(flag ? 1 : 0)
            case .int(let number): byte(2); integer(UInt64(bitPattern: number))
            case .uint(let number):
                if number <= UInt64(Int64.max) { byte(2) } else { byte(3) }  // the same number, the same bytes
                integer(number)
            case .double(let number): byte(4); integer(number == 0 ? 0 : number.bitPattern)
            case .string(let text): byte(5); bytes(text.utf8)
            case .blob(let data): byte(6); bytes(data)
            case .date(let date): byte(7); integer(UInt64(bitPattern: Int64(date.days)))
            case .time(let time): byte(8); integer(UInt64(bitPattern: time.micros))
            case .timestamp(let stamp): byte(9); integer(UInt64(bitPattern: stamp.micros))
            case .timestampTZ(let stamp): byte(10); integer(UInt64(bitPattern: stamp.micros))
            case .interval(let interval):
                byte(11)
                integer(UInt64(bitPattern: Int64(interval.months)))
                integer(UInt64(bitPattern: Int64(interval.days)))
                integer(UInt64(bitPattern: interval.micros))
            case .decimal(let decimal): byte(12); bytes(decimal.description.utf8)
            }
        }
    }
}
