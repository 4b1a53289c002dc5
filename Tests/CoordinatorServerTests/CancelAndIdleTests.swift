import CoordinatorServer
import Foundation
import Testing

@Suite(.serialized) struct CancelAndIdleTests {
    /// psql's Ctrl-C sends a CancelRequest on a new connection; the statement stops with 57014.
    @Test func ctrlCInPsqlCancelsTheRunningStatement() async throws {
        let server = try await RunningServer.start()
        let endless = "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b"
        let cancelled = Task {
            try await server.psql(["-c", endless]) { pid in
                Task {
                    // Bounded wait for the statement to be inside DuckDB, then Ctrl-C.
                    for _ in 0..<2_000 where server.server.runningStatementCount == 0 { try? await Task.sleep(for: .milliseconds(10)) }
                    kill(pid, SIGINT)
                }
            }
        }
        let result = try await cancelled.value
        #expect(result.stderr.contains("57014"), "\(result.stderr)")
        let after = try await server.psql(["-A", "-t", "-c", "SELECT 'next'"])
        #expect(after.stdout.contains("next"), "\(after.stderr)")
        await server.stop()
    }

    /// A client that disconnects while its statement runs: the statement is interrupted (the
    /// reader is free again) and other clients carry on.
    @Test func vanishedClientsStatementIsInterrupted() async throws {
        let server = try await RunningServer.start()
        let result = try await server.python(pythonClient + "\n" + #"""
            gone, _ = connect()
            q = b"SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b\0"
            gone.sendall(b"Q" + struct.pack("!i", len(q) + 4) + q)
            print("sent")
            """#)
        #expect(result.stdout.contains("sent"), "\(result.stderr)")
        var running = server.server.runningStatementCount
        for _ in 0..<3_000 where running > 0 {
            try? await Task.sleep(for: .milliseconds(10))
            running = server.server.runningStatementCount
        }
        #expect(running == 0)
        let after = try await server.psql(["-A", "-t", "-c", "SELECT 'fine'"])
        #expect(after.stdout.contains("fine"), "\(after.stderr)")
        await server.stop()
    }

    /// An idle session is closed by the server; others still connect.
    @Test func idleSessionsAreClosed() async throws {
        let server = try await RunningServer.start(idleTimeout: 0.3)
        let result = try await server.python(pythonClient + "\n" + #"""
            idle, _ = connect()
            print("closed", closed(idle))
            fresh, _ = connect()
            print("fresh", query(fresh, "SELECT 1")[1])
            """#)
        #expect(result.stdout.contains("closed True") && result.stdout.contains("fresh None"), "\(result.stdout)\(result.stderr)")
        await server.stop()
    }
}
