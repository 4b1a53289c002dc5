import NIOCore

/// Closes a session's channel when `IdleStateHandler` reports no reads for the idle timeout
/// and no statement is running (a long statement is not idleness).
final class IdleSessionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let activity: SessionActivity

    init(activity: SessionActivity) { self.activity = activity }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            if !activity.isBusy { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
