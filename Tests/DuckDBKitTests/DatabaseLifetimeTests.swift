import DuckDBKit
import Foundation
import Testing

/// `Database.close()` (or its last reference going away) while connections are open: new
/// connections are refused at once, the open ones run on to their end, and DuckDB's database
/// is closed only after the last of them has disconnected (the order duckdb.h asks for), which
/// is when the process lets go of the file.
@Suite struct DatabaseLifetimeTests {
    @Test func closingRefusesNewConnectionsAndLetsOpenOnesFinish() throws {
        let folder = try TemporaryFolder()
        let database = try Database(path: folder.path)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t AS SELECT range AS x FROM range(1000)")
        database.close()
        #expect(database.isClosed)
        #expect { _ = try database.connect() } throws: { ($0 as? DuckDBError)?.kind == .closed }
        #expect(openDescriptors(of: folder.path) > 0, "still open: a connection uses it")
        #expect(try connection.query("SELECT sum(x) AS s FROM t")[0]["s", as: Int.self] == 499_500)
        try connection.execute("INSERT INTO t VALUES (1000)")
        connection.close()
        #expect(openDescriptors(of: folder.path) == 0, "released with the last connection")
        // What the last connection wrote was kept.
        let reopened = try Database(path: folder.path)
        #expect(try reopened.connect().query("SELECT count(*) AS n FROM t")[0]["n", as: Int.self] == 1001)
        reopened.close()
    }

    /// The database is released (its last reference dropped, never closed by hand) on one
    /// thread while a streamed read runs on another: the read goes on to its last row, and
    /// the file is let go when that thread closes its connection. The order is forced with
    /// semaphores: the release lands while the reader is inside `stream`.
    @Test func aDatabaseReleasedDuringAReadOnAnotherThreadStaysOpenUntilTheReadEnds() throws {
        let folder = try TemporaryFolder()
        var database: Database? = try Database(path: folder.path)
        let connection = try database!.connect()
        try connection.execute("CREATE TABLE t AS SELECT range AS x FROM range(100000)")
        let reading = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let rows = RowCount(), errors = ErrorBox()
        Thread.detachNewThread {
            do {
                let statement = try connection.prepare("SELECT x FROM t")
                try statement.stream(columns: { _ in
                    reading.signal()
                    released.wait()
                }, chunk: { rows.add($0.count) })
                statement.close()
            } catch { errors.add(error) }
            connection.close()
            done.signal()
        }
        reading.wait()
        database = nil
        #expect(openDescriptors(of: folder.path) > 0)
        released.signal()
        done.wait()
        #expect(errors.all.isEmpty, "\(errors.all)")
        #expect(rows.value == 100_000)
        #expect(openDescriptors(of: folder.path) == 0)
    }

    /// A connection closed from another thread while a query's (materialized) result is still
    /// being read on its own: the read goes on to its last row, and the connection lets go of
    /// its handle, and so of the already-closed database, only when the read's call returns.
    /// Before, the call had left the connection before its result was read, so the close
    /// disconnected at once and the database was closed under the rows still being read.
    /// The order is forced with semaphores: the close lands inside the first chunk.
    @Test func aConnectionClosedWhileItsResultIsReadIsReleasedWhenTheReadEnds() throws {
        let folder = try TemporaryFolder()
        let database = try Database(path: folder.path)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t AS SELECT range AS x FROM range(10000)")
        database.close()  // from now on it ends with its last connection
        let inside = DispatchSemaphore(value: 0), closed = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let rows = RowCount(), errors = ErrorBox()
        Thread.detachNewThread {
            do {
                var first = true
                try connection.forEachChunk("SELECT x FROM t") { chunk in
                    if first {
                        first = false
                        inside.signal()
                        closed.wait()
                    }
                    rows.add(chunk.count)
                }
            } catch { errors.add(error) }
            done.signal()
        }
        inside.wait()
        connection.close()
        #expect(connection.isClosed, "closed for everyone else at once")
        #expect(openDescriptors(of: folder.path) > 0, "still open: the read's call holds the connection")
        closed.signal()
        done.wait()
        #expect(errors.all.isEmpty, "\(errors.all)")
        #expect(rows.value == 10_000)
        #expect(openDescriptors(of: folder.path) == 0, "released when the read's call returned")
    }

    /// A temporary folder with a database path in it.
    final class TemporaryFolder {
        let url: URL
        var path: String { url.appendingPathComponent("lifetime.duckdb").path }
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("duckdbkit-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// This process's open file descriptors on `path` or its WAL (from `/proc/self/fd`).
    func openDescriptors(of path: String) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { fd in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)") else {
                return false
            }
            return target == path || target == path + ".wal"
        }.count
    }
}
