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
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func add(_ error: Error) { lock.withLock { errors.append(error) } }
    var all: [Error] { lock.withLock { errors } }
}
