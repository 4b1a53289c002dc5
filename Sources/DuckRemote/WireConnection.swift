import DuckCoordinator
import NIOCore
import NIOPosix
import Synchronization

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

    /// Connects and completes the startup (trust or cleartext password).
    static func connect(to endpoint: RemoteEndpoint, group: any EventLoopGroup) async throws -> WireConnection {
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .connectTimeout(.seconds(5))
        let password = endpoint.password
        let holder = Mutex<NIOLoopBound<WireResponseHandler>?>(nil)
        let initialized = bootstrap.channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                let handler = WireResponseHandler(password: password, address: endpoint.description)
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
            throw RemoteCoordinatorError.ownerUnreachable(address: endpoint.description, reason: "\(fields.sqlState) \(fields.message)")
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
    private let password: String?
    private let address: String

    init(password: String?, address: String) {
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
        case .authentication(let code, _):
            switch code {
            case 0: return
            case 3:
                guard let password else {
                    failAll(RemoteCoordinatorError.unsupportedAuthentication("password (none given: put it in --db-url)"), context: context)
                    return
                }
                var buffer = context.channel.allocator.buffer(capacity: password.utf8.count + 6)
                WireClientMessage.password(password, into: &buffer)
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            case 10: failAll(RemoteCoordinatorError.unsupportedAuthentication("SCRAM-SHA-256"), context: context)
            default: failAll(RemoteCoordinatorError.unsupportedAuthentication("method \(code)"), context: context)
            }
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
