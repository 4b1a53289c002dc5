import DuckDBKit
import Foundation
import Synchronization

/// Exclusive use of the writer for as long as a caller needs it: the building block of an
/// interactive `BEGIN … COMMIT` (a wire-protocol session, a REPL) that `transaction { }`
/// cannot express because the statements arrive one by one, asynchronously.
///
/// While a session is held, no other write runs (queued writes wait, in order, until it is
/// released); reads still run on the reader pool and see only committed data. Every command
/// runs on the writer's own thread, never on the caller's.
///
/// ```swift
/// let session = try await coordinator.beginWriterSession()
/// do {
///     try await session.execute("BEGIN TRANSACTION")
///     try await session.execute("INSERT INTO games VALUES (?, ?)", ["g1", "CHC"])
///     try await session.execute("COMMIT")
/// } catch {
///     _ = try? await session.execute("ROLLBACK")
/// }
/// await session.release()
/// ```
///
/// Contract: call ``release()`` exactly when done (a later call is harmless); a transaction
/// still open at release is rolled back. Commands sent after release, or when the
/// coordinator has shut down, throw `CoordinatorError.shutDown`.
public final class WriterSession: Sendable {
    private typealias Job = @Sendable (Result<Connection, any Error>) -> Void

    private struct Inbox {
        var jobs: [Job] = []
        var released = false
        var failure: (any Error)?
        var connection: Connection?
    }

    private let inbox = Mutex(Inbox())
    private let wakeup = DispatchSemaphore(value: 0)
    private let finished = Mutex<Task<Void, Never>?>(nil)
    /// Advanced after a command that may change the catalog (nil in legacy mode).
    private let catalog: CatalogGeneration?

    private init(catalog: CatalogGeneration?) { self.catalog = catalog }

    /// Starts a session whose commands are served once `hold` hands it the writer connection.
    static func start(catalog: CatalogGeneration?, _ hold: @escaping @Sendable (WriterSession) async throws -> Void) -> WriterSession {
        let session = WriterSession(catalog: catalog)
        let task = Task {
            do { try await hold(session) } catch { session.fail(error) }
        }
        session.finished.withLock { $0 = task }
        return session
    }

    /// Runs a statement on the held writer; returns rows changed.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [DuckDBValue] = []) async throws -> Int {
        try await run(mayChangeCatalog: CatalogGeneration.mayChangeCatalog(sql)) { try $0.execute(sql, parameters) }
    }

    /// Runs a query on the held writer (it sees the session's uncommitted writes).
    public func query(_ sql: String, _ parameters: [DuckDBValue] = []) async throws -> ResultSet {
        try await run(mayChangeCatalog: CatalogGeneration.mayChangeCatalog(sql)) { try $0.query(sql, parameters) }
    }

    /// Runs `job` on the held writer inside the session's open transaction; a keyed job whose
    /// key was applied already returns the recorded counts and runs nothing (see ``WriteKey``).
    /// Returns the rows each statement changed.
    public func perform(_ job: WriteJob) async throws -> [Int] {
        try await run(mayChangeCatalog: job.statements.contains { CatalogGeneration.mayChangeCatalog($0.sql) }) { connection in
            if job.key != nil { try connection.execute(WriteKeyLedger.createSQL) }
            return try WriteKeyLedger.run(job, on: connection)
        }
    }

    /// Runs `body` with the writer connection, on the writer's thread. Do not keep the
    /// connection beyond `body`. Counted as a possible catalog change (see ``CatalogGeneration``).
    public func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await run(mayChangeCatalog: true, body)
    }

    private func run<T: Sendable>(mayChangeCatalog: Bool, _ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let catalog = mayChangeCatalog ? self.catalog : nil
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let refusal: (any Error)? = inbox.withLock { inbox in
                if let failure = inbox.failure { return failure }
                if inbox.released { return CoordinatorError.shutDown }
                inbox.jobs.append { connection in
                    let result = Result { try body(try connection.get()) }
                    catalog?.advance()  // before the caller hears of it
                    continuation.resume(with: result)
                }
                return nil
            }
            if let refusal { continuation.resume(throwing: refusal) } else { wakeup.signal() }
        }
    }

    /// Interrupts the statement running on the held writer, if any (it throws `interrupted`).
    /// Safe to call from any thread.
    public func interrupt() {
        // Under the inbox lock: once `serve` has let go of the writer, no interrupt from this
        // session can reach it (it would stop another client's batch or the writer's ROLLBACK).
        inbox.withLock { $0.connection?.interrupt() }
    }

    /// Ends the session: commands already sent run first, an open transaction is rolled
    /// back, and the writer returns to the queued writes. Returns once it has.
    public func release() async {
        inbox.withLock { $0.released = true }
        wakeup.signal()
        await finished.withLock { $0 }?.value
    }

    /// Serves commands on `connection` until released; blocks the calling (writer) thread.
    func serve(_ connection: Connection) {
        inbox.withLock { $0.connection = connection }
        while true {
            wakeup.wait()
            let (jobs, released) = inbox.withLock { inbox in
                defer { inbox.jobs = [] }
                return (inbox.jobs, inbox.released)
            }
            for job in jobs { job(.success(connection)) }
            if released { break }
        }
        // Let go before the ROLLBACK: a late `interrupt()` must not stop it (the writer would
        // stay inside this session's transaction and every later batch would fail).
        inbox.withLock { $0.connection = nil }
        // Leave the writer as we found it: outside any transaction. (Fails harmlessly when none is open.)
        _ = try? connection.execute("ROLLBACK")
    }

    /// The writer could not be held (shut down, lock timeout): fail what is waiting and refuse the rest.
    private func fail(_ error: any Error) {
        let jobs: [Job] = inbox.withLock { inbox in
            inbox.failure = error
            defer { inbox.jobs = [] }
            return inbox.jobs
        }
        for job in jobs { job(.failure(error)) }
    }
}

extension DatabaseCoordinator {
    /// Takes exclusive use of the writer until the returned session is released; see
    /// ``WriterSession``. In optimized mode the session is one exclusive job of the write
    /// scheduler (queued writes wait behind it); in legacy mode it holds the file lock and one
    /// open connection for the session's lifetime.
    ///
    /// ```swift
    /// let session = try await db.beginWriterSession()
    /// try await session.execute("BEGIN TRANSACTION")
    /// try await session.execute("DELETE FROM games WHERE game_id = ?", ["g1"])
    /// try await session.execute("COMMIT")
    /// await session.release()
    /// ```
    /// - Throws: `CoordinatorError.shutDown` after shutdown (errors taking the writer, such as a
    ///   legacy lock timeout, surface from the session's first command).
    public func beginWriterSession() async throws -> WriterSession {
        switch backend {
        case let optimized as OptimizedCoordinator:
            let scheduler = optimized.scheduler
            return WriterSession.start(catalog: optimized.catalog) { session in
                try await scheduler.exclusive { connection in session.serve(connection) }
            }
        case let legacy as LegacyCoordinator:
            let (path, lockPath, config) = (legacy.path, legacy.lockPath, legacy.config)
            return WriterSession.start(catalog: nil) { session in
                try await LegacyWriterThread.hold(path: path, lockPath: lockPath, config: config, session)
            }
        default:
            throw CoordinatorError.shutDown
        }
    }
}

/// Legacy mode's held writer: one thread that takes the file lock, opens the file and serves
/// the session, then closes and unlocks.
enum LegacyWriterThread {
    static func hold(path: String, lockPath: String, config: ConnectionConfig, _ session: WriterSession) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                ThreadName.setCurrent("duck-session")
                continuation.resume(with: Result {
                    let (lock, _) = try FileLock.acquire(lockPath, timeout: config.lockTimeout, poll: config.lockPollInterval)
                    defer { lock.release() }
                    let database = try Database(path: path, options: config.databaseOptions)
                    defer { database.close() }
                    let connection = try database.connect()
                    defer { connection.close() }
                    session.serve(connection)
                })
            }
            thread.name = "duck-session"
            thread.start()
        }
    }
}
