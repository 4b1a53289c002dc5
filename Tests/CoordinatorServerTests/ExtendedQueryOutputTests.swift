import Foundation
import Testing

/// When the answers to extended-query messages reach the client: Parse, Bind, Describe and
/// Execute answers are held until Sync or Flush (as PostgreSQL buffers them) and then arrive
/// in order; a result larger than what a stream holds back streams in full before its
/// CommandComplete. Raw protocol bytes, so what is asserted is exactly what went over the wire.
@Suite(.serialized) struct ExtendedQueryOutputTests {
    @Test func answersArriveInOrderAtFlushAndAtSync() async throws {
        let server = try await RunningServer.start()
        let result = try await server.python(pythonClient + Self.extendedClient + #"""
        s, _ = connect()
        query(s, "CREATE TABLE t (i INTEGER)")
        query(s, "INSERT INTO t SELECT range FROM range(100000)")
        # A small read, answered at Flush: no ReadyForQuery before the Sync.
        s.sendall(parse("", "SELECT i * 2 FROM t WHERE i = $1", []) + bind("", "", ["21"]) + describe_portal("") + execute("") + flush())
        got = read_until(s, b"C")
        print("flush", [t.decode() for t, _ in got], [b[6:].decode() for t, b in got if t == b"D"])
        s.sendall(sync())
        print("sync", [t.decode() for t, _ in read_until(s, b"Z")])
        # A large read (many held-back limits' worth) and a write in one pipeline, one Sync.
        s.sendall(parse("", "SELECT i FROM t ORDER BY i", []) + bind("", "", []) + execute("")
                  + parse("w", "INSERT INTO t VALUES ($1)", []) + bind("", "w", ["-1"]) + execute("") + sync())
        got = read_until(s, b"Z")
        kinds = [t.decode() for t, _ in got]
        rows = [int(b[6:]) for t, b in got if t == b"D"]
        print("pipeline", kinds[:2], len(rows), rows == list(range(100000)), kinds[-5:],
              [b[:-1].decode() for t, b in got if t == b"C"])
        # An error in the middle: what came before it arrives, then the error, then ReadyForQuery.
        s.sendall(parse("", "SELECT 1", []) + bind("", "", []) + execute("")
                  + parse("", "SELECT * FROM missing", []) + bind("", "", []) + execute("") + sync())
        got = read_until(s, b"Z")
        print("error", [t.decode() for t, _ in got], error_code(got))
        """#)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("flush ['1', '2', 'T', 'D', 'C'] ['42']"), "\(result.stdout)")
        #expect(lines.contains("sync ['Z']"), "\(result.stdout)")
        #expect(lines.contains("pipeline ['1', '2'] 100000 True ['C', '1', '2', 'C', 'Z'] ['SELECT 100000', 'INSERT 0 1']"), "\(result.stdout)")
        #expect(lines.contains("error ['1', '2', 'D', 'C', '1', '2', 'E', 'Z'] 42P01"), "\(result.stdout)")
        await server.stop()
    }

    /// Extended-query messages for ``pythonClient`` (text parameters).
    static let extendedClient = #"""

    def message(kind, body):
        return kind + struct.pack("!i", len(body) + 4) + body

    def parse(name, sql, oids):
        return message(b"P", name.encode() + b"\0" + sql.encode() + b"\0" + struct.pack("!h", len(oids))
                       + b"".join(struct.pack("!i", o) for o in oids))

    def bind(portal, statement, values):
        body = portal.encode() + b"\0" + statement.encode() + b"\0" + struct.pack("!h", 0) + struct.pack("!h", len(values))
        for v in values:
            if v is None: body += struct.pack("!i", -1)
            else: body += struct.pack("!i", len(v.encode())) + v.encode()
        return message(b"B", body + struct.pack("!h", 0))

    def describe_portal(name): return message(b"D", b"P" + name.encode() + b"\0")
    def describe_statement(name): return message(b"D", b"S" + name.encode() + b"\0")
    def execute(portal): return message(b"E", portal.encode() + b"\0" + struct.pack("!i", 0))
    def flush(): return message(b"H", b"")
    def sync(): return message(b"S", b"")

    def parameter_types(msgs):
        for t, body in msgs:
            if t == b"t":
                n = struct.unpack("!h", body[:2])[0]
                return [struct.unpack("!i", body[2 + 4 * i:6 + 4 * i])[0] for i in range(n)]
        return None

    """#
}
