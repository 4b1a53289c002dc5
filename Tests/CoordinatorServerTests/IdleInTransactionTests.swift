import CoordinatorServer
import Foundation
import Testing

/// A session that opens a transaction (holding the writer) and goes silent is terminated with
/// SQLSTATE 25P03 after the idle-in-transaction timeout, its transaction rolled back, so a
/// writer waiting behind it proceeds. (A short timeout; nothing about durations is asserted.)
@Suite struct IdleInTransactionTests {
    @Test func silentTransactionIsTerminatedAndTheNextWriterProceeds() async throws {
        let server = try await RunningServer.start { $0.idleInTransactionTimeout = 1 }
        try await server.db.immediateWrite("CREATE TABLE t (i INTEGER)")
        let result = try await TestVenv.run(pythonClient + #"""

            def login():
                s = socket.create_connection(("127.0.0.1", PORT), timeout=30)
                s.settimeout(120)
                body = struct.pack("!i", 196608) + b"user\0sharp\0database\0main\0\0"
                s.sendall(struct.pack("!i", len(body) + 4) + body)
                read_until(s, b"Z")
                return s
            holder, writer = login(), login()
            # One message, so the timeout can only start once the transaction is open and idle.
            rows, err = query(holder, "BEGIN; INSERT INTO t VALUES (1)")
            print("holder", err or "in transaction")
            rows, err = query(writer, "INSERT INTO t VALUES (2)")   # waits for the writer the holder has
            print("writer", err or "inserted")
            print("holder told", error_code(read_until(holder, b"Z")), "closed" if closed(holder) else "open")
            rows, err = query(writer, "SELECT i FROM t ORDER BY i")
            print("rows", [r[-1:].decode() for r in rows])
            """#, [String(server.port)], in: server.folder)
        for line in ["holder in transaction", "writer inserted", "holder told 25P03 closed", "rows ['2']"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout) \(result.stderr)")
        }
        await server.stop()
    }
}
