import DuckCoordinator
import NIOCore
import NIOSSL

/// One client connection in the pipeline, on its event loop: decodes the client's bytes,
/// feeds the ``ConnectionStateMachine`` and carries out its actions — writing messages,
/// switching to TLS, the login exchange (``LoginStateMachine``), running work in the
/// session's ``SessionExecutor``, closing. It holds reads back while work runs and messages
/// wait, and terminates a session idle inside a transaction.
///
/// ```swift
/// try channel.pipeline.syncOperations.addHandler(ConnectionHandler(shared: shared, activity: SessionActivity(), ended: { … }))
/// ```
final class ConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = Never
    typealias OutboundIn = BackendMessage
    typealias OutboundOut = ByteBuffer

    /// What every connection of one server shares.
    struct Shared: Sendable {
        let executor: SessionExecutor.Context
        let registry: SessionRegistry
        let users: UserDirectory
        let tls: NIOSSLContext?
    }

    private let shared: Shared
    private let activity: SessionActivity
    /// Called once the session has ended: channel closed, transaction rolled back, writer released.
    private let ended: @Sendable () -> Void
    private var machine: ConnectionStateMachine
    private var decoder: FrontendMessageDecoder
    private var input = ByteBuffer()
    private var login: LoginStateMachine?
    private var session: (key: SessionRegistry.Key, parameters: SessionParameters, role: ServerRole)?
    private var executor: SessionExecutor?
    private var readHeldBack = false
    private var idleInTransaction: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(shared: Shared, activity: SessionActivity, ended: @escaping @Sendable () -> Void) {
        self.shared = shared
        self.activity = activity
        self.ended = ended
        machine = ConnectionStateMachine(tlsAvailable: shared.tls != nil)
        decoder = FrontendMessageDecoder(maxMessageSize: shared.executor.configuration.maxMessageSize)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        input.writeBuffer(&bytes)
        decode(context)
    }

    /// Decodes and handles the messages in `input` while the machine takes them.
    private func decode(_ context: ChannelHandlerContext) {
        do {
            while machine.wantsInput, let message = try decoder.next(&input) {
                perform(machine.received(message), context)
            }
        } catch let violation as ProtocolViolation {
            perform(machine.violated(violation), context)
        } catch {
            perform(machine.violated(.malformed("\(error)")), context)
        }
        input.discardReadBytes()
        afterEvent(context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        _ = machine.closed()
        idleInTransaction?.cancel()
        activity.channelClosed()
        if let session { shared.registry.remove(session.key.processID) }
        session = nil
        if let executor {
            self.executor = nil
            let ended = ended
            Task(executorPreference: shared.executor.taskExecutor) {
                await executor.end()
                ended()
            }
        } else {
            ended()
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // TLS handshake failures, resets: this connection ends, nothing else does.
        context.close(promise: nil)
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let message = unwrapOutboundIn(data)
        if case .encoded(let bytes) = message {
            context.write(wrapOutboundOut(bytes), promise: promise)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: 64)
        message.encode(into: &buffer)
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    /// Reads go on only while the machine wants input (work runs with few messages waiting).
    func read(context: ChannelHandlerContext) {
        if machine.wantsInput { context.read() } else { readHeldBack = true }
    }

    // MARK: Actions

    private func perform(_ actions: [ConnectionStateMachine.Action], _ context: ChannelHandlerContext) {
        for action in actions { perform(action, context) }
    }

    private func perform(_ action: ConnectionStateMachine.Action, _ context: ChannelHandlerContext) {
        switch action {
        case .send(let messages):
            send(messages, context)
        case .flush:
            context.flush()
        case .startTLS:
            // 'S' goes out in the clear; then TLS wraps everything, decoded afresh (the old
            // decoder refused any byte after the request, so none is lost).
            send([.encryptionAccepted], context)
            do {
                try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: shared.tls!), position: .first)
            } catch {
                context.close(promise: nil)
            }
            decoder = FrontendMessageDecoder(maxMessageSize: shared.executor.configuration.maxMessageSize)
        case .refuseEncryption:
            send([.encryptionRefused], context)
            decoder = FrontendMessageDecoder(maxMessageSize: shared.executor.configuration.maxMessageSize)
        case .cancel(let processID, let secretKey):
            shared.registry.cancel(processID: processID, secretKey: secretKey)
            context.close(promise: nil)
        case .login(let parameters):
            startLogin(parameters, context)
        case .authenticate(let body):
            guard var login else { return }
            let step = login.received(body)
            self.login = login
            loginStep(step, context)
        case .run(let work):
            run(work, context)
        case .close(let messages):
            idleInTransaction?.cancel()
            if messages.isEmpty {
                context.close(promise: nil)
            } else {
                var buffer = context.channel.allocator.buffer(capacity: 128)
                for message in messages { message.encode(into: &buffer) }
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }

    private func send(_ messages: [BackendMessage], _ context: ChannelHandlerContext) {
        guard !messages.isEmpty else { return }
        var buffer = context.channel.allocator.buffer(capacity: 128)
        for message in messages { message.encode(into: &buffer) }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private func startLogin(_ startup: [String: String], _ context: ChannelHandlerContext) {
        let configuration = shared.executor.configuration
        let user = startup["user"] ?? "sharp"
        let role = shared.users.role(of: user)
        let parameters = SessionParameters(user: user, database: startup["database"] ?? user,
                                           serverVersion: configuration.serverVersion,
                                           applicationName: startup["application_name"] ?? "", superuser: role == .admin)
        guard let key = shared.registry.admit(activity) else {
            perform(machine.loginFailed(.init(severity: "FATAL", sqlState: SQLState.tooManyConnections,
                                              message: "sorry, too many clients already (max connections is \(shared.registry.limit))")),
                    context)
            return
        }
        session = (key, parameters, role)
        let method: LoginStateMachine.Method = configuration.allowMD5Password ? .md5 : configuration.allowCleartextPassword ? .cleartext : .scram
        var login = LoginStateMachine(user: user, login: shared.users.login(for: user), method: method)
        let step = login.start()
        self.login = login
        loginStep(step, context)
    }

    private func loginStep(_ step: LoginStateMachine.Step, _ context: ChannelHandlerContext) {
        switch step {
        case .ask(let message):
            perform(machine.loginContinues([message]), context)
        case .failed(let fields):
            login = nil
            if let session { shared.registry.remove(session.key.processID) }
            session = nil
            perform(machine.loginFailed(fields), context)
        case .succeeded(let first):
            login = nil
            guard let session else { return }
            executor = SessionExecutor(context: shared.executor, channel: context.channel, activity: activity,
                                       parameters: session.parameters, role: session.role)
            var messages = first + [.authenticationOK]
            for name in SessionParameters.reported.sorted() {
                messages.append(.parameterStatus(name: session.parameters.displayName(of: name), value: session.parameters.value(of: name) ?? ""))
            }
            messages.append(.backendKeyData(processID: session.key.processID, secretKey: session.key.secretKey))
            perform(machine.loggedIn(messages), context)
        }
    }

    /// Runs `work` in the session's executor (on this event loop) and feeds its outcome back.
    private func run(_ work: ConnectionStateMachine.Work, _ context: ChannelHandlerContext) {
        guard let executor else { return }
        let loop = NIOLoopBound(self, eventLoop: context.eventLoop)
        let contextBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        Task(executorPreference: shared.executor.taskExecutor) {
            let outcome = await executor.run(work)
            eventLoop.execute { loop.value.finished(outcome, contextBound.value) }
        }
    }

    private func finished(_ outcome: ConnectionStateMachine.Outcome, _ context: ChannelHandlerContext) {
        perform(machine.finished(outcome), context)
        // The server is stopping: the session ends once its work is done.
        if activity.isStopping, machine.phase == .ready, self.context != nil {
            perform(.close([]), context)
            return
        }
        decode(context) // messages that arrived while the work ran
    }

    /// After each event: the idle-in-transaction timer, reads held back.
    private func afterEvent(_ context: ChannelHandlerContext) {
        idleInTransaction?.cancel()
        idleInTransaction = nil
        if machine.isIdleInTransaction, let seconds = shared.executor.configuration.idleInTransactionTimeout {
            let loop = NIOLoopBound(self, eventLoop: context.eventLoop)
            let contextBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            idleInTransaction = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1_000_000_000))) {
                serverLog.warning("terminating a session idle in transaction", metadata: [
                    "operation": "session", "error_kind": "idle_in_transaction_timeout", "timeout_s": "\(seconds)"])
                loop.value.perform(loop.value.machine.idleInTransactionTimedOut(), contextBound.value)
            }
        }
        if readHeldBack, machine.wantsInput {
            readHeldBack = false
            context.read()
        }
    }
}
