import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP/1.1 server on loopback for ``ObservabilityRoutes`` (`--metrics-port`, `sharp dashboard`).
///
/// ```swift
/// let server = try await ObservabilityServer.start(routes: routes, port: 9464)
/// print("metrics on http://127.0.0.1:\(server.port)/metrics")
/// await server.stop()
/// ```
/// Contract: binds 127.0.0.1 only (port 0 picks a free one); GET only (others get 405); a
/// route's async work runs as a task on ``EndpointExecutor`` (its own thread: never on the
/// event loop, never waiting for the cooperative pool); `stop()` closes the listener.
public final class ObservabilityServer: Sendable {
    /// The port bound.
    public let port: Int
    private let channel: any Channel
    private let sampling: Task<Void, Never>

    private init(port: Int, channel: any Channel, sampling: Task<Void, Never>) {
        self.port = port
        self.channel = channel
        self.sampling = sampling
    }

    /// Binds 127.0.0.1:`port` and starts serving.
    public static func start(routes: ObservabilityRoutes, port: Int) async throws -> ObservabilityServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RouteHandler(routes: routes))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        let bound = channel.localAddress?.port ?? port
        observabilityLog.info("observability endpoint listening", metadata: [
            "operation": "http", "address": "127.0.0.1:\(bound)", "dashboard": "\(routes.dashboard)"])
        // A point of history a second (a lock read of the stats), on the endpoint's own executor.
        let sampling = Task(executorPreference: EndpointExecutor.shared) {
            while !Task.isCancelled {
                routes.history.append(await routes.sampler.coordinator.stats(), at: Date().timeIntervalSince1970)
                try? await Task.sleep(for: .seconds(1))
            }
        }
        return ObservabilityServer(port: bound, channel: channel, sampling: sampling)
    }

    /// Stops accepting connections.
    public func stop() async {
        sampling.cancel()
        try? await channel.close()
    }
}

/// One connection's requests: each GET is answered by a task, written back on the event loop.
private final class RouteHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let routes: ObservabilityRoutes
    private var head: HTTPRequestHead?

    init(routes: ObservabilityRoutes) { self.routes = routes }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request): head = request
        case .body: break
        case .end:
            guard let request = head else { return }
            head = nil
            let loop = context.eventLoop
            let bound = NIOLoopBound(context, eventLoop: loop)
            let routes = self.routes
            let promise = loop.makePromise(of: HTTPResponse.self)
            if request.method == .GET || request.method == .HEAD {
                Task(executorPreference: EndpointExecutor.shared) {
                    promise.succeed(await routes.respond(to: request.uri))
                }
            } else {
                promise.succeed(.text("only GET\n", status: .methodNotAllowed))
            }
            promise.futureResult.whenSuccess { response in
                Self.write(response, for: request, on: bound.value)
            }
        }
    }

    private static func write(_ response: HTTPResponse, for request: HTTPRequestHead, on context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: "\(response.body.count)")
        headers.add(name: "Cache-Control", value: "no-store")
        let keepAlive = request.isKeepAlive
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: request.version, status: response.status, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        if request.method != .HEAD {
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        }
        let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
