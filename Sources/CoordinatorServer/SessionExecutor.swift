import DuckCoordinator
import DuckDBKit
import NIOCore

/// What a logged-in session's statements do: the executor the ``ConnectionHandler`` injects
/// into the protocol. It keeps the session's SQL state (parameters, role, the open transaction
/// and its held writer, prepared statements and portals, a COPY in progress) and runs each
/// piece of work the ``ConnectionStateMachine`` hands out: reads on the reader pool (streamed),
/// writes through the write scheduler, DDL at once, transactions on a held writer.
///
/// An actor whose executor is the connection's event loop: its code runs on the loop, and
/// what it awaits from the coordinator (whose DuckDB work runs on the coordinator's own
/// threads) resumes there, so a statement never waits for the 2-thread cooperative pool.
///
/// ```swift
/// let executor = SessionExecutor(context: context, channel: channel, login: login)
/// let outcome = await executor.run(.statement("SELECT 1"))   // rows already sent; .done(status: .idle)
/// await executor.end()                                         // rolls back, releases the writer
/// ```
actor SessionExecutor {
    /// What every session of one server shares.
    struct Context: Sendable {
        let coordinator: DatabaseCoordinator
        let configuration: ServerConfiguration
        let duckDBVersion: String
        let taskExecutor: EventLoopTaskExecutor
    }

    nonisolated let channel: any Channel
    nonisolated var unownedExecutor: UnownedSerialExecutor { channel.eventLoop.executor.asUnownedSerialExecutor() }

    let coordinator: DatabaseCoordinator
    let configuration: ServerConfiguration
    let duckDBVersion: String
    let activity: SessionActivity
    let taskExecutor: EventLoopTaskExecutor

    var parameters: SessionParameters
    /// The login's role.
    let role: ServerRole
    /// Messages to send with the next flush.
    var pending: [BackendMessage] = []
    var transaction: OpenTransaction?
    /// Extended query: statements and portals by name ("" = unnamed).
    var statements: [String: PreparedQuery] = [:]
    var portals: [String: Portal] = [:]
    /// What Parse made of each text this session sent, for the next Parse of the same text.
    var parsed = ParsedStatements()
    /// A COPY FROM STDIN in progress.
    var copyIn: CopyIn?
    /// The connection closed and ``end()`` ran: nothing may take the writer for this session.
    var hasEnded = false

    /// A `BEGIN … COMMIT` in progress: the writer held for it and whether a statement failed.
    struct OpenTransaction {
        let writer: WriterSession
        var failed = false
    }

    init(context: Context, channel: any Channel, activity: SessionActivity, parameters: SessionParameters, role: ServerRole) {
        coordinator = context.coordinator
        configuration = context.configuration
        duckDBVersion = context.duckDBVersion
        taskExecutor = context.taskExecutor
        self.channel = channel
        self.activity = activity
        self.parameters = parameters
        self.role = role
    }

    /// Whether statements are checked for the server's files (DuckDB's own guard is off).
    var inspectsFiles: Bool { !configuration.locksDownDuckDB }

    var transactionStatus: BackendMessage.TransactionStatus {
        guard let transaction else { return .idle }
        return transaction.failed ? .failedTransaction : .inTransaction
    }

    /// Runs one piece of work; its results (rows, completions, notices, errors of COPY) are
    /// sent before it returns.
    func run(_ work: ConnectionStateMachine.Work) async -> ConnectionStateMachine.Outcome {
        let outcome: ConnectionStateMachine.Outcome
        do {
            switch work {
            case .statement(let sql):
                outcome = try await statement(sql)
            case .extended(let message):
                outcome = try await extended(message) ? .copyIn(status: transactionStatus) : .done(status: transactionStatus)
            case .copyData(let data):
                try await copyData(data)
                outcome = .copyContinues
            case .copyDone:
                try await copyDone()
                outcome = .done(status: transactionStatus)
            case .copyFail(let reason):
                await abortCopyIn()
                outcome = .failed(.init(sqlState: SQLState.queryCanceled, message: reason), status: transactionStatus)
            }
        } catch {
            await abortCopyIn()
            outcome = failure(error)
        }
        switch outcome {
        case .done, .failed:
            // Goes out with what ends this exchange: ReadyForQuery (after Sync, or the simple
            // query's last statement), the client's Flush, or a later result. Extended query
            // answers Parse, Bind, Describe and Execute in one write instead of one each,
            // as PostgreSQL buffers its output until Sync or Flush.
            writePending()
        case .copyIn, .copyContinues, .fatal:
            // The client waits for CopyInResponse before it sends data.
            try? await flush()
        }
        return outcome
    }

    /// The outcome of `error`: an ErrorResponse (inside a transaction, which is now failed), or
    /// the end of the session for a protocol violation or a stopped coordinator.
    private func failure(_ error: any Error) -> ConnectionStateMachine.Outcome {
        let error = (error as? StreamFailure)?.error ?? error
        let fields = SQLState.fields(for: error)
        if fields.severity == "FATAL" { return .fatal(fields) }
        if transaction != nil { transaction?.failed = true }
        return .failed(fields, status: transactionStatus)
    }

    /// The session ends (the connection closed): a COPY or transaction in progress rolls back
    /// and the writer is released.
    func end() async {
        hasEnded = true
        await abortCopyIn()
        if let transaction { await transaction.writer.release() }
        transaction = nil
    }

    /// Holds the writer for this session and opens a transaction on it with `begin`.
    ///
    /// The actor is reentrant: while a BEGIN or a COPY waits for the writer (another session
    /// or a batch has it), the connection may close and ``end()`` run, finding no transaction
    /// to roll back. A writer taken after that would be held by nobody, and the owner could
    /// never stop (its writer thread waits for that session forever). So the session's end is
    /// checked after each wait, and a writer taken for an ended session is given back at once.
    func holdWriter(begin: String) async throws -> WriterSession {
        let writer = try await coordinator.beginWriterSession()
        do {
            guard !hasEnded else { throw CoordinatorError.shutDown }
            try await writer.execute(begin)
            guard !hasEnded else { throw CoordinatorError.shutDown }
        } catch {
            await writer.release()   // rolls back what BEGIN opened
            throw error
        }
        return writer
    }

    /// Hands the pending messages to the channel without flushing them (one buffer): they
    /// go out, in order, with the next flush on the channel.
    func writePending() {
        guard !pending.isEmpty else { return }
        var buffer = channel.allocator.buffer(capacity: 256)
        for message in pending { message.encode(into: &buffer) }
        pending = []
        channel.write(BackendMessage.encoded(buffer), promise: nil)
    }

    /// Writes the pending messages (one buffer, one flush).
    func flush() async throws {
        guard !pending.isEmpty else { return }
        var buffer = channel.allocator.buffer(capacity: 256)
        for message in pending { message.encode(into: &buffer) }
        pending = []
        try await channel.writeAndFlush(BackendMessage.encoded(buffer)).get()
    }

    /// Runs `body` as the session's current statement, on the event loop's task executor: a
    /// CancelRequest cancels it (reads are interrupted inside DuckDB; a held writer is
    /// interrupted directly).
    func cancellable<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task(executorPreference: taskExecutor) { try await body() }
        let writer = transaction?.writer
        activity.begin(cancel: {
            task.cancel()
            writer?.interrupt()
        })
        defer { activity.end() }
        return try await task.value
    }
}

/// Runs tasks on an event loop: a task started with it as its executor preference runs its
/// nonisolated code, and resumes from what it awaits, on the loop instead of the cooperative
/// pool.
///
/// ```swift
/// let executor = EventLoopTaskExecutor(eventLoop: channel.eventLoop)
/// Task(executorPreference: executor) { await work() }   // on the loop's thread
/// ```
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
