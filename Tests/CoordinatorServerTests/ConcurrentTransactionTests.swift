import CoordinatorServer
import Foundation
import Testing

/// Two sessions' transactions over the wire: the second BEGIN waits for the writer the first
/// holds, so neither sees the other's uncommitted rows and both commit whole.
@Suite struct ConcurrentTransactionTests {
    @Test func twoTransactionsAreSerialised() async throws {
        let server = try await RunningServer.start()
        _ = try await server.psql(["-c", "CREATE TABLE ledger (id INTEGER PRIMARY KEY, who VARCHAR)"])
        let result = try await server.python(pythonClient + "\n" + #"""
            a, _ = connect()
            b, _ = connect()
            print("a begin", query(a, "BEGIN")[1])
            print("a insert", query(a, "INSERT INTO ledger VALUES (1, 'a')")[1])
            q = b"BEGIN\0"
            b.sendall(b"Q" + struct.pack("!i", len(q) + 4) + q)   # waits behind a's transaction
            print("a sees", query(a, "SELECT count(*) FROM ledger")[0])
            print("a commit", query(a, "COMMIT")[1])
            print("b begin", error_code(read_until(b, b"Z")))
            print("b sees", query(b, "SELECT count(*) FROM ledger")[0])
            print("b insert", query(b, "INSERT INTO ledger VALUES (2, 'b')")[1])
            print("b commit", query(b, "COMMIT")[1])
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("a sees [b'\\x00\\x01\\x00\\x00\\x00\\x011']"), "\(result.stdout)")
        #expect(result.stdout.contains("b begin None") && result.stdout.contains("b sees [b'\\x00\\x01\\x00\\x00\\x00\\x011']"), "\(result.stdout)")
        #expect(result.stdout.contains("b commit None"), "\(result.stdout)")
        let rows = try await server.db.read("SELECT count(*) AS n FROM ledger")
        #expect(try rows[0]["n", as: Int.self] == 2)
        await server.stop()
    }
}
