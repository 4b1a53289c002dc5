import NIOCore

/// The server's side of one PostgreSQL connection (protocol v3) as a pure state machine:
/// events in (a decoded message, a finished piece of work, a closed channel, a timeout), actions
/// out (what to send, what to run, when to close). No sockets, no DuckDB, no clock: the
/// ``ConnectionHandler`` feeds it on the event loop and carries its actions out; what a
/// statement does is the injected executor's business. Modelled on postgres-nio's client-side
/// `ConnectionStateMachine`.
///
/// The rules it keeps:
/// - **Startup**: SSLRequest is answered `S` (a certificate is configured) or `N`, GSSENCRequest
///   `N`; a second request on an encrypted connection, or anything but a startup packet,
///   CancelRequest or SSL/GSS request before startup, is a protocol violation (08P01, close).
///   Bytes after an encryption request are refused by the decoder (the TLS rule).
/// - **Login**: password messages go to the login exchange until it succeeds or fails.
/// - **Simple query**: one statement at a time; the first error ends the query; ReadyForQuery
///   with the transaction status after the last; an empty query gets EmptyQueryResponse.
/// - **Extended query**: Parse/Bind/Describe/Execute/Close run in order; after an error the
///   rest is skipped until Sync, which answers ReadyForQuery.
/// - **COPY FROM STDIN** (from a simple Query, or an extended Execute as postgres-nio sends
///   it): once the executor entered COPY, CopyData, CopyDone and CopyFail go to it (Flush and
///   Sync are ignored, anything else aborts the COPY with an error); a failure ends a simple
///   Query, or skips an extended one to Sync.
/// - **Pipelining**: messages that arrive while work runs wait, in order, and the handler
///   stops reading once a few are waiting.
/// - **Transaction status** comes from each finished piece of work; a session idle inside a
///   transaction past its timeout is terminated with 25P03.
///
/// ```swift
/// var machine = ConnectionStateMachine(tlsAvailable: false)
/// machine.received(.startup(protocolVersion: 196_608, parameters: ["user": "sharp"]))  // [.login([...])]
/// machine.loggedIn([.authenticationOK, .backendKeyData(processID: 1, secretKey: 2)])   // [.send([... , .readyForQuery(.idle)])]
/// machine.received(.query("SELECT 1"))                                                 // [.run(.statement("SELECT 1"))]
/// machine.finished(.done(status: .idle))                                               // [.send([.readyForQuery(.idle)])]
/// ```
struct ConnectionStateMachine: Sendable {
    /// A piece of work for the executor.
    enum Work: Equatable {
        /// One statement of a simple Query (it sends its own results).
        case statement(String)
        /// An extended-query message: Parse, Bind, Describe, Execute or Close.
        case extended(FrontendMessage)
        /// COPY FROM STDIN data, its end, or the client's abort.
        case copyData(ByteBuffer)
        case copyDone
        case copyFail(String)
    }

    /// How a piece of work ended.
    enum Outcome: Equatable {
        /// Done; the session's transaction status now.
        case done(status: BackendMessage.TransactionStatus)
        /// The statement started COPY FROM STDIN (it sent CopyInResponse): data follows.
        case copyIn(status: BackendMessage.TransactionStatus)
        /// COPY data taken; more may follow.
        case copyContinues
        /// Failed: the ErrorResponse to send, and the transaction status now.
        case failed(BackendMessage.ErrorFields, status: BackendMessage.TransactionStatus)
        /// Failed so that the connection must end (FATAL).
        case fatal(BackendMessage.ErrorFields)
    }

    enum Action: Equatable {
        /// Write these messages and flush.
        case send([BackendMessage])
        /// Write `S`, put TLS in front, decode afresh from the handshake on.
        case startTLS
        /// Write `N` and decode afresh (the client goes on in the clear).
        case refuseEncryption
        /// Cancel another session's statement (a CancelRequest), then close this connection.
        case cancel(processID: Int32, secretKey: Int32)
        /// Admit the session and start the login exchange for these startup parameters.
        case login([String: String])
        /// A password, SASLInitialResponse or SASLResponse for the login exchange.
        case authenticate(ByteBuffer)
        /// Run this in the executor; report with ``finished(_:)``.
        case run(Work)
        /// Flush what was written (Flush).
        case flush
        /// Send these (maybe none) and close the connection.
        case close([BackendMessage])
    }

    enum Phase: Equatable {
        case startup
        case loggingIn
        case ready
        /// Work runs; `copy` when it is COPY FROM STDIN data.
        case busy(copy: Bool)
        /// COPY FROM STDIN is open and nothing runs.
        case copyIn
        case closed
    }

    private(set) var phase = Phase.startup
    private(set) var status = BackendMessage.TransactionStatus.idle
    private(set) var encrypted = false
    /// After an error in extended query: skip to Sync.
    private(set) var skippingUntilSync = false
    /// Statements of the current simple Query still to run; nil outside a simple Query.
    private var simpleQuery: [String]?
    /// Messages that arrived while work ran, in order.
    private var waiting: [FrontendMessage] = []
    let tlsAvailable: Bool

    /// Messages waiting beyond this, the handler stops reading from the socket.
    static let maxWaiting = 64

    init(tlsAvailable: Bool) {
        self.tlsAvailable = tlsAvailable
    }

    /// Whether the handler should read more from the socket.
    var wantsInput: Bool { phase != .closed && waiting.count < Self.maxWaiting }

    /// Whether the session sits idle inside a transaction (the idle-in-transaction timer runs).
    var isIdleInTransaction: Bool { phase == .ready && status != .idle && waiting.isEmpty }

    // MARK: Events

    /// A message from the client.
    mutating func received(_ message: FrontendMessage) -> [Action] {
        switch phase {
        case .closed:
            return []
        case .startup:
            return startup(message)
        case .loggingIn:
            guard case .password(let body) = message else { return violation("unexpected \(message.name) during authentication") }
            return [.authenticate(body)]
        case .busy:
            waiting.append(message)
            return []
        case .copyIn:
            return copyIn(message)
        case .ready:
            return ready(message)
        }
    }

    /// The decoder found bytes that break the protocol.
    mutating func violated(_ violation: ProtocolViolation) -> [Action] {
        guard phase != .closed else { return [] }
        phase = .closed
        return [.close([.error(SQLState.fields(for: violation))])]
    }

    /// The login exchange succeeded: these go out (AuthenticationOk, ParameterStatus,
    /// BackendKeyData), then ReadyForQuery.
    mutating func loggedIn(_ messages: [BackendMessage]) -> [Action] {
        guard phase == .loggingIn else { return [] }
        phase = .ready
        return [.send(messages + [.readyForQuery(status)])] + drain()
    }

    /// The login exchange needs another message from the client: send these.
    mutating func loginContinues(_ messages: [BackendMessage]) -> [Action] {
        guard phase == .loggingIn else { return [] }
        return [.send(messages)]
    }

    /// The login failed (or the session was not admitted): say why and close.
    mutating func loginFailed(_ fields: BackendMessage.ErrorFields) -> [Action] {
        guard phase != .closed else { return [] }
        phase = .closed
        return [.close([.error(fields)])]
    }

    /// The work started by a `.run` action ended.
    mutating func finished(_ outcome: Outcome) -> [Action] {
        guard case .busy = phase else { return [] }
        switch outcome {
        case .fatal(let fields):
            phase = .closed
            return [.close([.error(fields)])]
        case .copyContinues:
            phase = .copyIn
            return drain()
        case .copyIn(let status):
            self.status = status
            phase = .copyIn
            return drain()
        case .done(let status):
            self.status = status
            phase = .ready
            if simpleQuery != nil { return nextStatement() }
            return drain()
        case .failed(let fields, let status):
            self.status = status
            phase = .ready
            if simpleQuery != nil {
                simpleQuery = nil
                return [.send([.error(fields), .readyForQuery(status)])] + drain()
            }
            // Extended query (a COPY it started included): skip to Sync.
            skippingUntilSync = true
            return [.send([.error(fields)])] + drain()
        }
    }

    /// The channel closed (the client left or the server closed it).
    mutating func closed() -> [Action] {
        phase = .closed
        waiting = []
        return []
    }

    /// The session sat idle inside a transaction past its timeout.
    mutating func idleInTransactionTimedOut() -> [Action] {
        guard isIdleInTransaction else { return [] }
        phase = .closed
        return [.close([.error(.init(severity: "FATAL", sqlState: SQLState.idleInTransactionTimeout,
                                     message: "terminating connection due to idle-in-transaction timeout"))])]
    }

    // MARK: Phases

    private mutating func startup(_ message: FrontendMessage) -> [Action] {
        switch message {
        case .sslRequest, .gssEncryptionRequest:
            if encrypted { return violation("\(message.name) on a connection that is already encrypted") }
            if message == .sslRequest, tlsAvailable {
                encrypted = true
                return [.startTLS]
            }
            return [.refuseEncryption]
        case .cancelRequest(let processID, let secretKey):
            phase = .closed
            return [.cancel(processID: processID, secretKey: secretKey)]
        case .startup(_, let parameters):
            phase = .loggingIn
            return [.login(parameters)]
        default:
            return violation("expected a startup packet, got \(message.name)")
        }
    }

    private mutating func ready(_ message: FrontendMessage) -> [Action] {
        switch message {
        case .query(let sql):
            skippingUntilSync = false
            let statements = SQLScript.split(sql)
            if statements.isEmpty { return [.send([.emptyQueryResponse, .readyForQuery(status)])] }
            simpleQuery = statements
            return nextStatement()
        case .parse, .bind, .describe, .execute, .close:
            if skippingUntilSync { return [] }
            phase = .busy(copy: false)
            return [.run(.extended(message))]
        case .sync:
            skippingUntilSync = false
            return [.send([.readyForQuery(status)])]
        case .flush:
            return [.flush]
        case .terminate:
            phase = .closed
            return [.close([])]
        case .copyData, .copyDone, .copyFail:
            return [] // after a failed COPY the client's remaining data is ignored, as PostgreSQL does
        case .password, .startup, .sslRequest, .gssEncryptionRequest, .cancelRequest:
            return violation("unexpected \(message.name) after startup")
        }
    }

    private mutating func copyIn(_ message: FrontendMessage) -> [Action] {
        phase = .busy(copy: true)
        switch message {
        case .copyData(let data): return [.run(.copyData(data))]
        case .copyDone: return [.run(.copyDone)]
        case .copyFail(let reason): return [.run(.copyFail("COPY from stdin failed: \(reason)"))]
        case .flush, .sync:
            phase = .copyIn
            return []
        default:
            return [.run(.copyFail("unexpected \(message.name) during COPY from stdin"))]
        }
    }

    /// The next statement of the simple Query, or its ReadyForQuery.
    private mutating func nextStatement() -> [Action] {
        guard var statements = simpleQuery else { return drain() }
        guard !statements.isEmpty else {
            simpleQuery = nil
            return [.send([.readyForQuery(status)])] + drain()
        }
        let next = statements.removeFirst()
        simpleQuery = statements
        phase = .busy(copy: false)
        return [.run(.statement(next))]
    }

    /// Handles the messages that waited, until work starts again.
    private mutating func drain() -> [Action] {
        var actions: [Action] = []
        while !waiting.isEmpty, phase == .ready || phase == .copyIn {
            actions += received(waiting.removeFirst())
        }
        return actions
    }

    private mutating func violation(_ what: String) -> [Action] {
        violated(.malformed(what))
    }
}
