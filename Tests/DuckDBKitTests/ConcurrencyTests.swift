import DuckDBKit
import Foundation
import Testing

@Suite struct ConcurrencyTests {
    /// Two connections on one database, each on its own thread at the same time: one writes,
    /// the other reads; both finish and the data is whole.
    @Test func twoConnectionsOnTwoThreads() throws {
        let temp = try TemporaryDatabase()
        let setup = try temp.database.connect()
        try setup.execute("CREATE TABLE a (x BIGINT); CREATE TABLE b (x BIGINT)")
        let writerA = try temp.database.connect()
        let writerB = try temp.database.connect()
        let group = DispatchGroup()
        let errors = ErrorBox()
        for (connection, table) in [(writerA, "a"), (writerB, "b")] {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let insert = try connection.prepare("INSERT INTO \(table) VALUES (?)")
                    for i in 0..<2_000 {
                        try insert.bind([.int(Int64(i))])
                        try insert.execute()
                        if i % 500 == 0 { _ = try connection.query("SELECT count(*) FROM a, b WHERE a.x = b.x") }
                    }
                } catch { errors.add(error) }
            }
        }
        group.wait()
        #expect(errors.all.isEmpty, "\(errors.all)")
        let row = try setup.query("SELECT (SELECT count(*) FROM a) AS na, (SELECT sum(x) FROM b) AS sb")[0]
        #expect(try row["na", as: Int.self] == 2_000)
        #expect(try row["sb", as: Int.self] == 1_999_000)
    }

    /// The server's cancel path: a streamed result is being read on one thread (DuckDB's worker
    /// threads run its tasks between fetches) when another thread closes the connection.
    /// Before, `close()` disconnected at once, under the open result, and the read went on to
    /// the end on a connection that no longer existed; now the close interrupts the statement
    /// and the handle is released by the reading thread when it lets go. The order is forced
    /// with semaphores: the close lands while the reader is inside `stream`, before any chunk.
    @Test func closeFromAnotherThreadDuringAStreamedReadInterruptsItAndWaitsForIt() throws {
        let temp = try TemporaryDatabase()
        let connection = try temp.database.connect()
        let total = 20_000_000
        let opened = DispatchSemaphore(value: 0), closeReturned = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let outcome = OutcomeBox(), rows = RowCount()
        Thread.detachNewThread {
            do {
                let statement = try connection.prepare("SELECT range AS n FROM range(\(total))")
                try statement.stream(columns: { _ in
                    opened.signal()
                    closeReturned.wait()
                }, chunk: { rows.add($0.count) })
                outcome.set(nil)
            } catch let error as DuckDBError { outcome.set(error.kind) } catch { outcome.set(.other) }
            done.signal()
        }
        opened.wait()
        connection.close()
        #expect(connection.isClosed, "closed for everyone else at once")
        #expect(throws: DuckDBError.self) { try connection.execute("SELECT 1") }
        closeReturned.signal()
        done.wait()
        #expect(outcome.value == .interrupted)
        #expect(rows.value < total, "the read stopped: \(rows.value) of \(total) rows")
        // The database is untouched: a new connection works.
        #expect(try temp.database.connect().query("SELECT 42 AS x")[0]["x", as: Int.self] == 42)
    }
}

final class RowCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func add(_ error: Error) { lock.withLock { errors.append(error) } }
    var all: [Error] { lock.withLock { errors } }
}
