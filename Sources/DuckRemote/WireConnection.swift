import DuckCoordinator
import NIOCore
import NIOPosix
import Synchronization
import WireAuthentication

/// One client session with a PostgreSQL-protocol server: requests go out as bytes, and each
/// completes with every message up to its last ReadyForQuery. Requests are pipelined in order.
/// Safe to use from any thread; async callers await, a thread the caller owns may `wait()`.
final class WireConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<WireResponseHandler>
    let endpoint: RemoteEndpoint
    /// The session's `sharp.priority` as last set (a session starts at NORMAL).
    let priority = Mutex(OperationPriority.normal)

    private init(channel: any Channel, handler: NIOLoopBound<WireResponseHandler>, endpoint: RemoteEndpoint) {
        self.channel = channel
        self.handler = handler
        self.endpoint = endpoint
    }

    /// Connects and completes the startup (trust, SCRAM-SHA-256, MD5 or cleartext password,
    /// whichever the server asks for).
    static func connect(to endpoint: RemoteEndpoint, group: any EventLoopGroup) async throws -> WireConnection {
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .connectTimeout(.seconds(5))
        let password = endpoint.password
        let holder = Mutex<NIOLoopBound<WireResponseHandler>?>(nil)
        let initialized = bootstrap.channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                let handler = WireResponseHandler(user: endpoint.user, password: password, address: endpoint.description)
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WireServerMessageDecoder()))
                try channel.pipeline.syncOperations.addHandler(handler)
                holder.withLock { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
            }
        }
        let channel: any Channel
        do {
            switch endpoint.address {
            case .unixSocket(let path): channel = try await initialized.connect(unixDomainSocketPath: path).get()
            case .tcp(let host, let port): channel = try await initialized.connect(host: host, port: port).get()
            }
        } catch {
            throw RemoteCoordinatorError.ownerUnreachable(address: endpoint.description, reason: "\(error)")
        }
        guard let handler = holder.withLock({ $0 }) else {
            throw RemoteCoordinatorError.protocolError("connection set up without its handler")
        }
        let connection = WireConnection(channel: channel, handler: handler, endpoint: endpoint)
        var startup = channel.allocator.buffer(capacity: 128)
        WireClientMessage.startup(user: endpoint.user, database: endpoint.database, into: &startup)
        let messages = try await connection.send(startup).get()
        if case .error(let fields)? = messages.last(where: { if case .error = $0 { true } else { false } }) {
            try? await channel.close()
            let reason = "\(fields.sqlState) \(fields.message)"
            if fields.sqlState.hasPrefix("28") {
                throw RemoteCoordinatorError.authenticationFailed(address: endpoint.description, reason: reason)
            }
            throw RemoteCoordinatorError.ownerUnreachable(address: endpoint.description, reason: reason)
        }
        return connection
    }

    /// Sends `bytes`; completes with the messages up to the `readyCount`-th ReadyForQuery.
    /// With `untilCopyIn`, it completes at CopyInResponse instead (then send the data).
    func send(_ bytes: ByteBuffer, readyCount: Int = 1, untilCopyIn: Bool = false) -> EventLoopFuture<[WireServerMessage]> {
        let handler = handler
        let channel = channel
        return channel.eventLoop.flatSubmit {
            let promise = channel.eventLoop.makePromise(of: [WireServerMessage].self)
            handler.value.enqueue(promise, readyCount: readyCount, untilCopyIn: untilCopyIn)
            channel.writeAndFlush(bytes, promise: nil)
            return promise.futureResult
        }
    }

    /// Whether the connection is still open (a dropped one is discarded, not reused).
    var isOpen: Bool { channel.isActive }

    /// Says goodbye and closes.
    func close() async {
        var bye = channel.allocator.buffer(capacity: 5)
        WireClientMessage.terminate(into: &bye)
        try? await channel.writeAndFlush(bye)
        try? await channel.close()
    }
}

/// Matches server messages to the requests waiting for them, answers password requests, and
/// fails every waiting request when the connection drops.
final class WireResponseHandler: ChannelInboundHandler {
    typealias InboundIn = WireServerMessage
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        let promise: EventLoopPromise<[WireServerMessage]>
        var remaining: Int
        let untilCopyIn: Bool
        var messages: [WireServerMessage] = []
    }

    private var queue = CircularBuffer<Pending>()
    private var closed = false
    private let user: String
    private let password: String?
    private let address: String
    /// The SCRAM-SHA-256 exchange in progress, between SASL and SASLFinal.
    private var scram: SCRAMClient?

    init(user: String, password: String?, address: String) {
        self.user = user
        self.password = password
        self.address = address
    }

    func enqueue(_ promise: EventLoopPromise<[WireServerMessage]>, readyCount: Int, untilCopyIn: Bool) {
        if closed {
            promise.fail(RemoteCoordinatorError.connectionLost(address: address))
            return
        }
        queue.append(Pending(promise: promise, remaining: readyCount, untilCopyIn: untilCopyIn))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        switch message {
        case .authentication(let code, var body):
            if code != 0 { authenticate(code: code, body: &body, context: context) }
            return
        case .other:
            return // ParseComplete, BindComplete, ParameterStatus, BackendKeyData, notices, …
        default:
            break
        }
        guard !queue.isEmpty else { return }
        queue[queue.startIndex].messages.append(message)
        if case .readyForQuery = message {
            queue[queue.startIndex].remaining -= 1
            if queue[queue.startIndex].remaining == 0 {
                let done = queue.removeFirst()
                done.promise.succeed(done.messages)
            }
        } else if case .copyInResponse = message, queue[queue.startIndex].untilCopyIn {
            let done = queue.removeFirst()
            done.promise.succeed(done.messages)
        } else if case .error = message, queue[queue.startIndex].messages.count == 1, closedBeforeReady(message) {
            // A FATAL error before any ReadyForQuery (startup refused) ends the session.
            let done = queue.removeFirst()
            done.promise.succeed(done.messages)
        }
    }

    /// Answers one authentication request: a cleartext (3) or MD5 (5) password, or a step of
    /// SCRAM-SHA-256 (10 SASL, 11 SASLContinue, 12 SASLFinal, whose signature is checked).
    private func authenticate(code: Int32, body: inout ByteBuffer, context: ChannelHandlerContext) {
        guard let password else {
            failAll(.unsupportedAuthentication("password (none given: put it in --db-url)"), context: context)
            return
        }
        var reply = context.channel.allocator.buffer(capacity: 128)
        switch code {
        case 3:
            WireClientMessage.password(password, into: &reply)
        case 5:
            guard let salt = body.readBytes(length: 4) else {
                failAll(.protocolError("MD5 password request without its salt"), context: context)
                return
            }
            WireClientMessage.password(MD5Password.response(user: user, password: password, salt: salt), into: &reply)
        case 10:
            var mechanisms: [String] = []
            while let mechanism = body.readNullTerminatedString(), !mechanism.isEmpty { mechanisms.append(mechanism) }
            guard mechanisms.contains("SCRAM-SHA-256") else {
                failAll(.unsupportedAuthentication("SASL \(mechanisms.joined(separator: ", "))"), context: context)
                return
            }
            let client = SCRAMClient(password: password)
            scram = client
            WireClientMessage.saslInitialResponse(mechanism: "SCRAM-SHA-256", Array(client.clientFirst.utf8), into: &reply)
        case 11:
            guard var client = scram, let serverFirst = body.readString(length: body.readableBytes),
                  let clientFinal = try? client.clientFinal(serverFirst: serverFirst) else {
                failAll(.protocolError("unexpected SCRAM server-first message"), context: context)
                return
            }
            scram = client
            WireClientMessage.saslResponse(Array(clientFinal.utf8), into: &reply)
        case 12:
            let serverFinal = body.readString(length: body.readableBytes) ?? ""
            guard let client = scram, (try? client.verify(serverFinal: serverFinal)) != nil else {
                failAll(.authenticationFailed(address: address, reason: "the server did not prove it knows the password (SCRAM signature)"),
                        context: context)
                return
            }
            scram = nil
            return
        default:
            failAll(.unsupportedAuthentication("method \(code)"), context: context)
            return
        }
        context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
    }

    private func closedBeforeReady(_ message: WireServerMessage) -> Bool {
        guard case .error(let fields) = message else { return false }
        return fields.sqlState == "53300" || fields.sqlState == "28P01" || fields.sqlState == "28000"
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RemoteCoordinatorError.connectionLost(address: address), context: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error as? RemoteCoordinatorError ?? RemoteCoordinatorError.connectionLost(address: address), context: context)
    }

    private func failAll(_ error: RemoteCoordinatorError, context: ChannelHandlerContext?) {
        closed = true
        while let pending = queue.popFirst() { pending.promise.fail(error) }
        context?.close(promise: nil)
    }
}
