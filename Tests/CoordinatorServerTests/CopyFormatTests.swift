@testable import CoordinatorServer
import DuckDBKit
import NIOCore
import Testing

/// COPY's statement, its three data formats both ways, without a server: options in the old
/// and new spellings, rows split anywhere across CopyData messages, escapes, quotes, NULLs,
/// and binary COPY's tuples.
@Suite struct CopyFormatTests {
    @Test func statementsAndOptions() throws {
        let csv = try CopyCommand("COPY main.games (id, \"Home\") FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';', NULL 'NA')")
        #expect(csv.source == .table("main.games", columns: ["id", "Home"]) && csv.direction == .fromStdin)
        #expect(csv.format.kind == .csv && csv.format.header && csv.format.delimiter == UInt8(ascii: ";") && csv.format.null == "NA")
        let old = try CopyCommand("copy games to stdout with csv header force quote *")
        #expect(old.direction == .toStdout && old.format.kind == .csv && old.format.header && old.format.forceQuoteAll)
        #expect(old.format.delimiter == UInt8(ascii: ",") && old.format.null == "")
        let query = try CopyCommand("COPY (SELECT a, ')' FROM t WHERE b = '(') TO STDOUT (FORMAT binary)")
        #expect(query.source == .query("SELECT a, ')' FROM t WHERE b = '('") && query.format.kind == .binary)
        let psycopg2 = try CopyCommand("COPY p2 FROM stdin WITH DELIMITER AS '\t' NULL AS E'\\\\N'")
        #expect(psycopg2.format.delimiter == 0x09 && psycopg2.format.null == "\\N" && psycopg2.format.kind == .text)
        let text = try CopyCommand("COPY t FROM STDIN")
        #expect(text.format == CopyFormat())
        #expect(throws: SessionError.self) { try CopyCommand("COPY t FROM '/etc/passwd'") }
        #expect(throws: SessionError.self) { try CopyCommand("COPY (SELECT 1) FROM STDIN") }
        #expect(throws: SessionError.self) { try CopyCommand("COPY t TO STDOUT (FORMAT xml)") }
        #expect(throws: SessionError.self) { try CopyCommand("COPY t TO STDOUT (FORMAT binary, HEADER)") }
    }

    /// Feeds `data` split after every byte in `cuts`, then finishes.
    func decode(_ data: [UInt8], _ decoder: inout CopyInDecoder, cuts: [Int]) throws -> [[DuckDBValue]] {
        var rows: [[DuckDBValue]] = []
        var start = 0
        for cut in cuts + [data.count] where cut > start {
            rows += try decoder.feed(ByteBuffer(bytes: data[start..<min(cut, data.count)]))
            start = cut
        }
        return rows + (try decoder.finish())
    }

    @Test func textRowsSplitAnywhere() throws {
        let data = Array("1\tx\\ty\\\\z\n2\t\\N\n3\t\\x41\\101\n\\.\nignored\n".utf8)
        for cut in 0...data.count {
            var decoder = CopyInDecoder(format: CopyFormat(), types: [.int4, .text])
            let rows = try decode(data, &decoder, cuts: [cut])
            #expect(rows == [[.string("1"), .string("x\ty\\z")], [.string("2"), .null], [.string("3"), .string("AA")]], "cut at \(cut)")
        }
        var short = CopyInDecoder(format: CopyFormat(), types: [.int4, .text])
        #expect(throws: SessionError.self) { try short.feed(ByteBuffer(string: "1\n")) }
        var last = CopyInDecoder(format: CopyFormat(), types: [.text])
        #expect(try decode(Array("a\nno newline".utf8), &last, cuts: []) == [[.string("a")], [.string("no newline")]])
    }

    @Test func csvRowsSplitAnywhere() throws {
        let format = try CopyCommand("COPY t FROM STDIN (FORMAT csv, HEADER)").format
        let data = Array("a,b\r\n1,\"x, \"\"q\"\"\nline\"\r\n2,\n3,\"\"\n".utf8)
        for cut in 0...data.count {
            var decoder = CopyInDecoder(format: format, types: [.int4, .text])
            let rows = try decode(data, &decoder, cuts: [cut])
            #expect(rows == [[.string("1"), .string("x, \"q\"\nline")], [.string("2"), .null], [.string("3"), .string("")]], "cut at \(cut)")
        }
    }

    @Test func binaryRoundTrip() throws {
        let types: [PostgresType] = [.int4, .text, .float8, .bool, .timestamptz, .numeric]
        let values: [DuckDBValue] = [.int(7), .string("héllo"), .double(2.5), .bool(true),
                                     .timestampTZ(DuckDBTimestamp(micros: 1_750_201_500_000_000)), .string("1234.567")]
        let format = try CopyCommand("COPY t TO STDOUT (FORMAT binary)").format
        let encoder = CopyOutEncoder(format: format, names: ["a", "b", "c", "d", "e", "f"], types: types)
        var bytes = WireBytes()
        encoder.start(into: &bytes)
        encoder.row(values, into: &bytes, header: true)
        encoder.row([.null, .null, .null, .null, .null, .null], into: &bytes)
        encoder.end(into: &bytes)
        var out = ByteBuffer(bytes: bytes.bytes)
        // The CopyData bodies, as a client would write them to a file, read back by COPY FROM.
        var data: [UInt8] = []
        while out.readableBytes > 0 {
            #expect(out.readInteger(as: UInt8.self) == UInt8(ascii: "d"))
            let length = Int(out.readInteger(as: Int32.self)!)
            data += out.readBytes(length: length - 4)!
        }
        #expect(Array(data.prefix(11)) == CopyInDecoder.signature)
        for cut in [0, 5, 11, 19, 21, 30, data.count - 1] {
            var decoder = CopyInDecoder(format: format, types: types)
            let rows = try decode(data, &decoder, cuts: [cut])
            #expect(rows.count == 2, "cut at \(cut)")
            #expect(rows.first?.prefix(5) == values.prefix(5)[...], "cut at \(cut): \(rows)")
            #expect(rows.first?.last == .string("1234.567"))
            #expect(rows.last == [.null, .null, .null, .null, .null, .null])
        }
    }

    @Test func textAndCSVOutput() throws {
        func body(_ sql: String, _ rows: [[DuckDBValue]], types: [PostgresType] = [.int4, .text]) throws -> String {
            let encoder = CopyOutEncoder(format: try CopyCommand(sql).format, names: ["id", "note"], types: types)
            var bytes = WireBytes()
            encoder.start(into: &bytes)
            for row in rows { encoder.row(row, into: &bytes) }
            encoder.end(into: &bytes)
            var out = ByteBuffer(bytes: bytes.bytes)
            var text = ""
            while out.readableBytes > 0 {
                _ = out.readInteger(as: UInt8.self)
                let length = Int(out.readInteger(as: Int32.self)!)
                text += out.readString(length: length - 4)!
            }
            return text
        }
        let rows: [[DuckDBValue]] = [[.int(1), .string("tab\there\\ and\nnewline")], [.int(2), .null], [.int(3), .string("")]]
        #expect(try body("COPY t TO STDOUT", rows) == "1\ttab\\there\\\\ and\\nnewline\n2\t\\N\n3\t\n")
        #expect(try body("COPY t TO STDOUT (FORMAT csv, HEADER)", rows + [[.int(4), .string("a,\"b\"")]])
                == "id,note\n1,\"tab\there\\ and\nnewline\"\n2,\n3,\"\"\n4,\"a,\"\"b\"\"\"\n")
        #expect(try body("COPY t TO STDOUT (FORMAT csv, FORCE_QUOTE (note))", [[.int(5), .string("x")]]) == "5,\"x\"\n")
    }

    @Test func nestedValuesAsPostgreSQLText() {
        #expect(NestedValueText.postgres(.list([.scalar(.int(1)), .null, .scalar(.int(3))])) == "{1,NULL,3}")
        #expect(NestedValueText.postgres(.list([.scalar(.string("a b")), .scalar(.string("q\"")), .scalar(.string("")), .scalar(.string("NULL"))]))
                == "{\"a b\",\"q\\\"\",\"\",\"NULL\"}")
        #expect(NestedValueText.postgres(.list([.list([.scalar(.int(1))]), .list([])])) == "{{1},{}}")
        #expect(NestedValueText.postgres(.structure([("a", .scalar(.int(1))), ("b", .scalar(.string("x, y"))), ("c", .null),
                                                     ("d", .scalar(.bool(true)))])) == "(1,\"x, y\",,t)")
        #expect(NestedValueText.postgres(.null) == nil)
    }
}
