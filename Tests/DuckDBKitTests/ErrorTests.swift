import DuckDBKit
import Foundation
import Testing

@Suite struct ErrorTests {
    let temp: TemporaryDatabase
    let connection: Connection

    init() throws {
        temp = try TemporaryDatabase()
        connection = try temp.database.connect()
        try connection.execute("CREATE TABLE games (id INTEGER PRIMARY KEY, home VARCHAR NOT NULL, runs INTEGER CHECK (runs >= 0))")
        try connection.execute("INSERT INTO games VALUES (1, 'CHC', 3)")
    }

    func kind(of body: () throws -> Void) -> (DuckDBError.Kind, String)? {
        do { try body(); return nil } catch let error as DuckDBError { return (error.kind, error.message) } catch { return nil }
    }

    @Test func syntaxErrorCarriesDuckDBsText() {
        let e = kind { try connection.execute("SELEC 1") }
        #expect(e?.0 == .syntax)
        #expect(e?.1.contains("syntax error") == true)
    }

    @Test func catalogAndBinderErrors() {
        #expect(kind { _ = try connection.query("SELECT * FROM no_such_table") }?.0 == .catalog)
        #expect(kind { _ = try connection.query("SELECT no_such_column FROM games") }?.0 == .binder)
    }

    @Test func constraintViolationsOfEveryKind() {
        let duplicate = kind { try connection.execute("INSERT INTO games VALUES (1, 'PIT', 1)") }
        #expect(duplicate?.0 == .constraint)
        #expect(duplicate?.1.contains("Duplicate key") == true)
        #expect(kind { try connection.execute("INSERT INTO games VALUES (2, NULL, 1)") }?.0 == .constraint)
        #expect(kind { try connection.execute("INSERT INTO games VALUES (3, 'NYM', -1)") }?.0 == .constraint)
    }

    @Test func conversionError() {
        #expect(kind { try connection.execute("INSERT INTO games VALUES (?, ?, ?)", [4, "SD", "many"]) }?.0 == .conversion)
    }

    @Test func typeMismatchOnTypedRead() throws {
        let row = try connection.query("SELECT home FROM games")[0]
        let e = kind { let _: Int = try row["home"] }
        #expect(e?.0 == .typeMismatch)
        #expect(e?.1.contains("home") == true)
        #expect(kind { let _: Int = try row["nope"] }?.1.contains("no column \"nope\"") == true)
    }

    @Test func useAfterCloseIsAnErrorNotACrash() throws {
        let statement = try connection.prepare("SELECT 1")
        connection.close()
        connection.close()
        #expect(kind { try connection.execute("SELECT 1") }?.0 == .closed)
        #expect(kind { _ = try statement.query() }?.0 == .closed)
        temp.database.close()
        #expect(kind { _ = try temp.database.connect() }?.0 == .closed)
    }

    /// A query running on one thread stops with `interrupted` when another thread interrupts
    /// it. The query is finite (it would finish on its own after a long while), so a broken
    /// interrupt fails the test rather than hanging it.
    @Test func interruptStopsARunningQuery() throws {
        let worker = try temp.database.connect()
        let outcome = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do {
                _ = try worker.query("SELECT count(*) AS n FROM range(20000000000) WHERE range % 7 = 3")
                outcome.set(nil)
            } catch let error as DuckDBError { outcome.set(error.kind) } catch { outcome.set(.other) }
            done.signal()
        }
        // An interrupt that lands before the query begins is lost: repeat until it has stopped.
        while done.wait(timeout: .now() + 0.02) == .timedOut { worker.interrupt() }
        #expect(outcome.value == .interrupted)
    }

    @Test func libraryErrorClassification() {
        #expect(DuckDBError(message: "IO Error: Could not set lock on file \"x\": Conflicting lock is held in /bin/x").kind == .lockConflict)
        #expect(DuckDBError(message: "TransactionContext Error: Failed to commit: write-write conflict").kind == .transactionConflict)
    }
}

final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var kind: DuckDBError.Kind??
    func set(_ value: DuckDBError.Kind?) { lock.withLock { kind = .some(value) } }
    var value: DuckDBError.Kind? { lock.withLock { kind ?? nil } }
}
