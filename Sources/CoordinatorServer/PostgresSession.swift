import DuckCoordinator
import DuckDBKit
import NIOCore
import NIOSSL
import WireAuthentication

/// One client connection, from its startup packet to Terminate: authentication, then simple
/// and extended queries routed to the coordinator. Runs in its own task and owns its state;
/// DuckDB work happens on the coordinator's threads, never on the event loop or the pool.
///
/// ```swift
/// let session = PostgresSession(coordinator: db, configuration: configuration, registry: registry, channel: channel)
/// await session.run()
/// ```
final class PostgresSession {
    typealias Inbound = NIOAsyncChannelInboundStream<FrontendMessage>.AsyncIterator
    typealias Outbound = NIOAsyncChannelOutboundWriter<BackendMessage>

    let coordinator: DatabaseCoordinator
    let configuration: ServerConfiguration
    let registry: SessionRegistry
    let channel: NIOAsyncChannel<FrontendMessage, BackendMessage>
    let activity: SessionActivity
    let users: UserDirectory
    let duckDBVersion: String
    let tls: NIOSSLContext?

    var parameters = SessionParameters(user: "", database: "", serverVersion: "", applicationName: "")
    var pending: [BackendMessage] = []
    var transaction: OpenTransaction?
    /// Extended query: statements and portals by name ("" = unnamed).
    var statements: [String: PreparedQuery] = [:]
    var portals: [String: Portal] = [:]
    /// After an error in extended query mode, messages are skipped until Sync.
    var skippingUntilSync = false

    /// A `BEGIN … COMMIT` in progress: the writer held for it and whether a statement failed.
    struct OpenTransaction {
        let writer: WriterSession
        var failed = false
    }

    init(coordinator: DatabaseCoordinator, configuration: ServerConfiguration, registry: SessionRegistry,
         channel: NIOAsyncChannel<FrontendMessage, BackendMessage>, activity: SessionActivity,
         users: UserDirectory, duckDBVersion: String, tls: NIOSSLContext?) {
        self.coordinator = coordinator
        self.configuration = configuration
        self.registry = registry
        self.channel = channel
        self.activity = activity
        self.users = users
        self.duckDBVersion = duckDBVersion
        self.tls = tls
    }

    var transactionStatus: BackendMessage.TransactionStatus {
        guard let transaction else { return .idle }
        return transaction.failed ? .failedTransaction : .inTransaction
    }

    /// Serves the connection until the client leaves, breaks the protocol, or the server stops.
    func run() async {
        var key: SessionRegistry.Key?
        // A client that vanishes mid-statement must not leave its statement running for nobody.
        let activity = activity
        channel.channel.closeFuture.whenComplete { _ in activity.channelClosed() }
        do {
            try await channel.executeThenClose { inbound, outbound in
                var messages = inbound.makeAsyncIterator()
                do {
                    guard let admitted = try await startup(&messages, outbound) else { return }
                    key = admitted
                    try await serve(&messages, outbound)
                } catch let violation as ProtocolViolation {
                    pending.append(.error(SQLState.fields(for: violation)))
                    try? await send(outbound)
                }
            }
        } catch {
            // The client went away or the channel failed: only this session ends.
        }
        if let transaction { await transaction.writer.release() }
        transaction = nil
        if let key { registry.remove(key.processID) }
    }

    // MARK: Startup and authentication

    /// Handles SSL/GSS requests, CancelRequest, the startup packet and authentication.
    /// - Returns: the session's key, or nil when the connection should close.
    private func startup(_ messages: inout Inbound, _ outbound: Outbound) async throws -> SessionRegistry.Key? {
        while let message = try await messages.next() {
            switch message {
            case .sslRequest:
                guard let tls else {
                    try await outbound.write(.encryptionRefused)
                    continue
                }
                // 'S' goes out in the clear, then TLS wraps everything after it.
                try await outbound.write(.encryptionAccepted)
                let channel = channel.channel
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
                }.get()
            case .gssEncryptionRequest:
                try await outbound.write(.encryptionRefused)
            case .cancelRequest(let processID, let secretKey):
                registry.cancel(processID: processID, secretKey: secretKey)
                return nil
            case .startup(_, let startupParameters):
                let user = startupParameters["user"] ?? "sharp"
                parameters = SessionParameters(user: user, database: startupParameters["database"] ?? user,
                                               serverVersion: configuration.serverVersion,
                                               applicationName: startupParameters["application_name"] ?? "")
                guard let key = registry.admit(activity, channel: channel.channel) else {
                    pending.append(.error(.init(severity: "FATAL", sqlState: SQLState.tooManyConnections,
                                                message: "sorry, too many clients already (max connections is \(registry.limit))")))
                    try await send(outbound)
                    return nil
                }
                guard try await authenticate(user: user, &messages, outbound) else {
                    registry.remove(key.processID)
                    return nil
                }
                pending.append(.authenticationOK)
                for name in SessionParameters.reported.sorted() {
                    pending.append(.parameterStatus(name: parameters.displayName(of: name), value: parameters.value(of: name) ?? ""))
                }
                pending.append(.backendKeyData(processID: key.processID, secretKey: key.secretKey))
                pending.append(.readyForQuery(.idle))
                try await send(outbound)
                return key
            default:
                throw ProtocolViolation.malformed("expected a startup packet")
            }
        }
        return nil
    }

    /// Trust without a password for `user`; SCRAM-SHA-256 with one (MD5 or cleartext when the
    /// configuration asks for it instead). An unlisted user is refused: 28000 at once when no
    /// passwords are in use, else 28P01 at the end of the usual exchange.
    private func authenticate(user: String, _ messages: inout Inbound, _ outbound: Outbound) async throws -> Bool {
        func refuse(_ reason: String, _ sqlState: String = SQLState.invalidPassword) async throws -> Bool {
            pending.append(.error(.init(severity: "FATAL", sqlState: sqlState, message: reason)))
            try await send(outbound)
            return false
        }
        let password: String?, scram: SCRAMAuthenticator
        switch users.login(for: user) {
        case .trusted: return true
        case .refused: return try await refuse("role \"\(user)\" does not exist", SQLState.invalidAuthorization)
        case .password(let known, let verifier): (password, scram) = (known, verifier)
        case .unknown(let decoy): (password, scram) = (nil, decoy)
        }
        let failed = "password authentication failed for user \"\(user)\""
        if configuration.allowMD5Password {
            let salt = (0..<4).map { _ in UInt8.random(in: 0...255) }
            try await outbound.write(.authenticationMD5Password(salt: salt))
            guard case .password(var body)? = try await messages.next() else { return try await refuse("expected a password") }
            let given = try body.readCString("password")
            guard let password, MD5Password.matches(given, user: user, password: password, salt: salt) else { return try await refuse(failed) }
            return true
        }
        if configuration.allowCleartextPassword {
            try await outbound.write(.authenticationCleartextPassword)
            guard case .password(var body)? = try await messages.next() else { return try await refuse("expected a password") }
            let given = try body.readCString("password")
            guard let password, ConstantTime.equal(Array(given.utf8), Array(password.utf8)) else { return try await refuse(failed) }
            return true
        }
        try await outbound.write(.authenticationSASL(mechanisms: ["SCRAM-SHA-256"]))
        guard case .password(var initial)? = try await messages.next() else { return try await refuse("expected SASLInitialResponse") }
        let mechanism = try initial.readCString("SASL mechanism")
        guard mechanism == "SCRAM-SHA-256" else { return try await refuse("unsupported SASL mechanism \(mechanism)") }
        let length = Int(try initial.readInt32("SASL data length"))
        let clientFirst = initial.readString(length: max(0, length)) ?? ""
        var exchange = scram.begin()
        do {
            let serverFirst = try exchange.serverFirst(clientFirst: clientFirst)
            try await outbound.write(.authenticationSASLContinue(Array(serverFirst.utf8)))
            guard case .password(var response)? = try await messages.next() else { return try await refuse("expected SASLResponse") }
            let clientFinal = response.readString(length: response.readableBytes) ?? ""
            let serverFinal = try exchange.serverFinal(clientFinal: clientFinal)
            guard password != nil else { return try await refuse(failed) }
            pending.append(.authenticationSASLFinal(Array(serverFinal.utf8)))
            return true
        } catch SCRAMAuthenticator.Failure.wrongPassword {
            return try await refuse(failed)
        } catch let failure as SCRAMAuthenticator.Failure {
            return try await refuse("SCRAM authentication failed: \(failure)")
        }
    }

    // MARK: Serving

    private func serve(_ messages: inout Inbound, _ outbound: Outbound) async throws {
        while !activity.isStopping, let message = try await nextMessage(&messages) {
            switch message {
            case .query(let sql):
                skippingUntilSync = false
                await simpleQuery(sql, &messages, outbound)
                pending.append(.readyForQuery(transactionStatus))
                try await send(outbound)
            case .terminate:
                return
            case .sync:
                skippingUntilSync = false
                pending.append(.readyForQuery(transactionStatus))
                try await send(outbound)
            case .flush:
                try await send(outbound)
            case .parse, .bind, .describe, .execute, .close:
                if skippingUntilSync { continue }
                do {
                    try await extended(message, &messages, outbound)
                } catch {
                    fail(error)
                    skippingUntilSync = true
                }
                if pending.count > 256 { try await send(outbound) }
            case .copyData, .copyDone, .copyFail:
                continue // stray COPY messages after a failed COPY: ignored, as PostgreSQL does
            case .password, .startup, .sslRequest, .gssEncryptionRequest, .cancelRequest:
                throw ProtocolViolation.malformed("unexpected \(message.name) after startup")
            }
        }
    }

    /// The client's next message. Inside a transaction (the session holds the writer, so every
    /// other writer waits) a client that stays silent past the idle-in-transaction timeout is
    /// told so (FATAL 25P03, as PostgreSQL does) and disconnected; `run` then rolls back and
    /// releases the writer.
    private func nextMessage(_ messages: inout Inbound) async throws -> FrontendMessage? {
        guard transaction != nil, let seconds = configuration.idleInTransactionTimeout else { return try await messages.next() }
        let channel = channel.channel
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1_000_000_000))) {
            serverLog.warning("terminating a session idle in transaction", metadata: [
                "operation": "session", "error_kind": "idle_in_transaction_timeout", "timeout_s": "\(seconds)"])
            let fields = BackendMessage.ErrorFields(severity: "FATAL", sqlState: SQLState.idleInTransactionTimeout,
                                                    message: "terminating connection due to idle-in-transaction timeout")
            channel.writeAndFlush(BackendMessage.error(fields)).whenComplete { _ in channel.close(promise: nil) }
        }
        defer { timer.cancel() }
        return try await messages.next()
    }

    /// Records an ErrorResponse; inside a transaction, marks it failed.
    func fail(_ error: any Error) {
        pending.append(.error(SQLState.fields(for: error)))
        if transaction != nil { transaction?.failed = true }
    }

    /// Writes the pending messages (one flush).
    func send(_ outbound: Outbound) async throws {
        guard !pending.isEmpty else { return }
        let messages = pending
        pending = []
        try await outbound.write(contentsOf: messages)
    }

    /// Runs `body` as the session's current statement: a CancelRequest cancels it (reads are
    /// interrupted inside DuckDB; a held writer is interrupted directly).
    func cancellable<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let writer = transaction?.writer
        activity.begin(cancel: {
            task.cancel()
            writer?.interrupt()
        })
        defer { activity.end() }
        return try await task.value
    }
}

extension FrontendMessage {
    var isExtendedQuery: Bool {
        switch self {
        case .parse, .bind, .describe, .execute, .close, .flush: true
        default: false
        }
    }

    var name: String {
        switch self {
        case .startup: "StartupMessage"
        case .sslRequest: "SSLRequest"
        case .gssEncryptionRequest: "GSSENCRequest"
        case .cancelRequest: "CancelRequest"
        case .password: "PasswordMessage"
        case .query: "Query"
        case .parse: "Parse"
        case .bind: "Bind"
        case .describe: "Describe"
        case .execute: "Execute"
        case .close: "Close"
        case .sync: "Sync"
        case .flush: "Flush"
        case .terminate: "Terminate"
        case .copyData: "CopyData"
        case .copyDone: "CopyDone"
        case .copyFail: "CopyFail"
        }
    }
}
