@testable import CoordinatorServer
import DuckDBKit
import Foundation
import NIOCore
import Testing

/// Results written straight from DuckDB's vectors (``ValueWriter`` through ``ChunkEncoder``)
/// are byte for byte what the server wrote from boxed values (each chunk's rows as
/// `DuckDBValue`s through ``ValueEncoding``), for every type the server sends: DataRows in
/// text, binary and mixed formats, COPY … TO STDOUT in text (also with a delimiter that occurs
/// in the values), CSV (header, forced quotes, a NULL string) and binary. The table holds every
/// DuckDB type with NULLs, extremes, NaN and infinities, negative zero, nested values, dates
/// before 1970 and BC, timestamps with time zone and fractions, decimals of several scales,
/// unicode, empty and escaped strings; 2,100 more generated rows span two chunks.
@Suite struct ValueWriterTests {
    static let create = """
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy ⚾');
        CREATE TABLE every (b BOOLEAN, i1 TINYINT, i2 SMALLINT, i4 INTEGER, i8 BIGINT, u1 UTINYINT, u2 USMALLINT,
          u4 UINTEGER, u8 UBIGINT, f4 REAL, f8 DOUBLE, s VARCHAR, bl BLOB, d DATE, t TIME, ts TIMESTAMP, tz TIMESTAMPTZ,
          n1 DECIMAL(4, 1), n2 DECIMAL(9, 4), n3 DECIMAL(18, 6), n4 DECIMAL(38, 10), iv INTERVAL, u UUID, h HUGEINT,
          uh UHUGEINT, tss TIMESTAMP_S, tms TIMESTAMP_MS, tns TIMESTAMP_NS, e mood, l INTEGER[], ls VARCHAR[],
          st STRUCT(a INTEGER, b VARCHAR), m MAP(VARCHAR, INTEGER), arr DOUBLE[2]);
        """

    static let edges = """
        INSERT INTO every VALUES
          (true, -128, -32768, -2147483648, -9223372036854775808, 0, 0, 0, 0, 'NaN', 'Infinity', '', ''::BLOB,
           '0001-01-01', '00:00:00', '0001-01-01 00:00:00', '9999-12-31 23:59:59.999999+00', -999.9, -0.0001,
           -999999999999.999999, -9999999999999999999999999999.9999999999, INTERVAL 1 DAY,
           '00000000-0000-0000-0000-000000000000', -170141183460469231731687303715884105728, 0,
           '1969-12-31 23:59:59', '1969-12-31 23:59:59.999', '1969-12-31 23:59:59.999999999', 'sad',
           [], [], {'a': NULL, 'b': NULL}, MAP {}, [0.0, -0.0]),
          (false, 127, 32767, 2147483647, 9223372036854775807, 255, 65535, 4294967295, 18446744073709551615,
           '-Infinity', -0.0, 'unicode ⚾ é 日本, "quoted", tab	and back\\slash
        newline', '\\x00\\xFF\\x5C\\x0Aab'::BLOB, '9999-12-31', '24:00:00', '1969-12-31 23:59:59.5',
           '1970-01-01 00:00:00+00', 999.9, 99999.9999, 999999999999.999999, 9999999999999999999999999999.9999999999,
           INTERVAL '-1 year 2 months 3 days 04:05:06.7', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
           170141183460469231731687303715884105727, 340282366920938463463374607431768211455,
           '2262-04-11 23:47:16', '2025-06-17 23:05:00.123', '2025-06-17 23:05:00.123456789', 'happy ⚾',
           [1, NULL, -3], ['a b', '', NULL, 'NULL', 'q"', '{x}', 'back\\slash'], {'a': 7, 'b': 'x, (y)'},
           MAP {'k': 1, 'with space': NULL}, ['NaN'::DOUBLE, '-Infinity'::DOUBLE]),
          (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (true, 0, 1, -7, 42, 7, 8, 9, 10, 1.5, 61.5, 'short', 'ab'::BLOB, '0044-03-15 (BC)', '12:34:56.000001',
           TIMESTAMP '0001-01-01 00:00:00' - INTERVAL 10 YEAR, '1900-02-28 13:14:15.25+00', 0, 0, 0.5, 12.5, INTERVAL 90 MINUTE,
           '12345678-1234-5678-1234-567812345678', 0, 1, '2025-06-17 23:05:00', '2025-06-17 23:05:00', '2025-06-17 23:05:00',
           'ok', [4, 5], NULL, NULL, MAP {'NULL': 0}, [1e300, 5e-324]),
          (false, -1, -1, -1, -1, 1, 1, 1, 1, '1e-7', 1e-5, 'N', '\\x5C.'::BLOB, '1969-12-31', '23:59:59.999999',
           '1969-12-31 23:59:59.999999', '1969-12-31 23:59:59.000001+00', 0.1, -0.1, -0.000001, 0.0000000001,
           INTERVAL '-90 minutes', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 18446744073709551616, 18446744073709551616,
           '1677-09-22 00:00:00', '0001-01-01 00:00:00', '1970-01-01 00:00:00', NULL, [NULL], [NULL], {'a': 1, 'b': ''},
           NULL, NULL)
        """

    /// 3,000 rows over two chunks: integers of every size and sign, floats whose shortest
    /// form is long or has an exponent, strings that need escapes, dates and timestamps on both
    /// sides of 1970 with fractions of a second, decimals, nested values.
    static let generated = """
        INSERT INTO every SELECT i % 3 = 0, (i % 255) - 127, i * 7 % 65536 - 32768, i * 7919 - 1000000000,
          i * 104729 * 1000003 - 1, i % 256, i % 65536, i * 4099, i * 1000003000003, (i * 0.37 - 500)::REAL,
          CASE i % 4 WHEN 0 THEN i / 7.0 - 3000 WHEN 1 THEN pow(10, i % 60 - 30) WHEN 2 THEN -1 / (i + 0.5) ELSE i END,
          CASE WHEN i % 5 = 0 THEN NULL WHEN i % 7 = 0 THEN 'tab	' || i ELSE repeat('x', i % 40) || i::VARCHAR || ',"é' END,
          ('b' || i)::BLOB, DATE '1970-01-01' + (i * 37 - 60000)::INTEGER, TIME '00:00:00' + to_microseconds(i * 123456789),
          TIMESTAMP '2000-01-01' + to_microseconds(i * 987654321 - 1500000000000),
          TIMESTAMPTZ '2025-06-17 00:00:00+00' + to_microseconds(i * 1000001 - 900000000000),
          (i % 9999) / 10 - 500, i * 1.0001 - 1000, i * 1.000001 - 100, i * 12345.6789012345 - 10000000,
          to_days(i % 40) + to_microseconds(i * 1000), uuid(), i * 1000000000000 - 1000000, i * 1000000000000,
          TIMESTAMP_S '2000-01-01 00:00:00' + to_seconds(i), TIMESTAMP '2000-01-01' + to_milliseconds(i * 17),
          TIMESTAMP '2000-01-01' + to_microseconds(i * 3), ['sad', 'ok', 'happy ⚾'][i % 3 + 1]::mood,
          CASE WHEN i % 11 = 0 THEN NULL ELSE [i, -i, NULL] END, [i::VARCHAR, 'a b'],
          {'a': i, 'b': CASE WHEN i % 2 = 0 THEN 'x' ELSE NULL END}, map([i::VARCHAR], [i::INTEGER]), [i / 3.0, -i]
        FROM range(2100) t(i)
        """

    static func database() throws -> (Database, Connection) {
        let database = try Database(path: ":memory:")
        let connection = try database.connect()
        _ = try connection.execute(create)
        _ = try connection.execute(edges)
        _ = try connection.execute(generated)
        return (database, connection)
    }

    /// The whole result of `SELECT * FROM every` encoded both ways for `shape`; the direct
    /// writers each column took.
    static func encodeBothWays(_ connection: Connection, _ shape: ResultShape, limit: Int? = nil) throws
        -> (direct: [UInt8], boxed: [UInt8], writers: [ValueWriter], rows: Int) {
        let statement = try connection.prepare("SELECT * FROM every" + (limit.map { " LIMIT \($0)" } ?? ""))
        defer { statement.close() }
        var encoder: ChunkEncoder?
        var copy: CopyOutEncoder?
        var direct = WireBytes(), boxed = WireBytes()
        var first = true
        var rows = 0
        _ = try statement.stream(columns: { columns in
            encoder = ChunkEncoder(columns: columns, shape: shape)
            if case .copy(let format) = shape { copy = CopyOutEncoder(format: format, names: columns.names, types: encoder!.types) }
        }, chunk: { chunk in
            encoder!.encode(chunk, into: &direct)
            var values = [DuckDBValue](repeating: .null, count: chunk.columnCount)
            for row in 0..<chunk.count {
                ChunkEncoder.values(chunk, row: row, into: &values)
                if let copy {
                    copy.row(values, into: &boxed, header: first && copy.format.kind == .binary)
                } else {
                    var buffer = ByteBuffer()
                    BackendMessage.dataRow(values.indices.map { index in
                        let type = encoder!.types[index]
                        return encoder!.fields[index].format == 1
                            ? ValueEncoding.binary(values[index], as: type) : ValueEncoding.text(values[index], as: type)
                    }).encode(into: &buffer)
                    boxed.append(contentsOf: buffer.readableBytesView)
                }
                first = false
            }
            rows += chunk.count
        })
        return (direct.bytes, boxed.bytes, encoder!.writers, rows)
    }

    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
        let at = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, at - 40)..<min(bytes.count, at + 40)], as: UTF8.self).debugDescription
        }
        return "first difference at byte \(at) of \(a.count) / \(b.count): \(around(a)) vs \(around(b))"
    }

    /// The columns written straight from the vector in text (the rest are boxed): boolean,
    /// every integer, REAL, DOUBLE, VARCHAR, BLOB, DATE, TIME, TIMESTAMP, TIMESTAMPTZ.
    static let directInText: Set<String> = ["b", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8", "s", "bl", "d", "t", "ts", "tz"]
    /// In binary: the same but UBIGINT (NUMERIC) and BLOB as bytes.
    static let directInBinary: Set<String> = directInText.subtracting(["u8"])

    static let names = ["b", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8", "s", "bl", "d", "t", "ts", "tz", "n1", "n2",
                        "n3", "n4", "iv", "u", "h", "uh", "tss", "tms", "tns", "e", "l", "ls", "st", "m", "arr"]

    @Test(arguments: [
        ("text", [Int16]()), ("binary", [Int16(1)]),
        // Mixed: every third column binary.
        ("mixed", (0..<34).map { Int16($0 % 3 == 0 ? 1 : 0) }),
    ])
    func dataRowsAreTheBoxedEncodersBytes(name: String, formats: [Int16]) throws {
        let (database, connection) = try Self.database()
        defer { connection.close(); database.close() }
        let result = try Self.encodeBothWays(connection, .rows(formats: formats, describe: false))
        #expect(result.rows == 2_105)
        #expect(result.direct.count == result.boxed.count)
        #expect(Bool(result.direct == result.boxed), "\(name): \(Self.firstDifference(result.direct, result.boxed))")
        let direct = Set(result.writers.indices.filter { result.writers[$0].isDirect }.map { Self.names[$0] })
        let expected = Self.names.indices.filter { StatementOutcome.format(formats, $0) == 1 ? Self.directInBinary.contains(Self.names[$0])
            : Self.directInText.contains(Self.names[$0]) }.map { Self.names[$0] }
        #expect(direct == Set(expected), "\(result.writers)")
    }

    /// COPY adds delimiters, escapes, quotes and lengths to the same values: its cases take the
    /// edge rows and the first 395 generated ones (one chunk; the DataRow cases cover two).
    @Test(arguments: [
        "COPY every TO STDOUT",
        "COPY every TO STDOUT (DELIMITER '-', NULL 'nil')",
        "COPY every TO STDOUT (FORMAT csv, HEADER)",
        "COPY every TO STDOUT (FORMAT csv, FORCE_QUOTE (s, i4, d), NULL 'N', DELIMITER ';', QUOTE '''', ESCAPE '\\')",
        "COPY every TO STDOUT (FORMAT binary)",
    ])
    func copyDataIsTheBoxedEncodersBytes(sql: String) throws {
        let (database, connection) = try Self.database()
        defer { connection.close(); database.close() }
        let format = try CopyCommand(sql).format
        let result = try Self.encodeBothWays(connection, .copy(format), limit: 400)
        #expect(result.rows == 400)
        #expect(result.direct.count == result.boxed.count)
        #expect(Bool(result.direct == result.boxed), "\(sql): \(Self.firstDifference(result.direct, result.boxed))")
        let direct = Set(result.writers.indices.filter { result.writers[$0].isDirect }.map { Self.names[$0] })
        #expect(direct == (format.kind == .binary ? Self.directInBinary : Self.directInText), "\(result.writers)")
    }
}
