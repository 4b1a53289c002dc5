import Foundation
import Synchronization

/// SIGINT and SIGTERM for the whole process, caught from the moment ``install()`` returns.
///
/// A `sigaction` handler writes the signal number into a pipe (the only thing it does: it is
/// async-signal-safe); one thread reads the pipe and calls the handlers subscribed at that
/// moment. With no subscriber, the signal does what it would have done by default: the
/// process ends by that signal.
///
/// Why not Dispatch's signal sources: on Linux a source starts catching only once the Dispatch
/// manager thread has registered it, some time after `resume()` returns, while `signal(_,
/// SIG_IGN)` (needed so the default action does not end the process) applies at once. A signal
/// sent in between was thrown away, and `sharp db monitor` then waited out its hour: the test
/// that sends SIGTERM as soon as the first line appears hung a CI run that way.
///
/// ```swift
/// ProcessSignals.install()                       // first thing in main
/// let subscription = ProcessSignals.subscribe { signal in print("got \(signal)") }
/// defer { subscription.cancel() }
/// ```
enum ProcessSignals {
    /// What a subscription is called with.
    enum Signal: Sendable, Equatable {
        case interrupt, terminate

        /// "interrupted" or "terminated", as the commands print it.
        var word: String { self == .interrupt ? "interrupted" : "terminated" }

        var number: Int32 { self == .interrupt ? SIGINT : SIGTERM }
    }

    /// Stops calling its handler; cancelling twice does nothing.
    final class Subscription: Sendable {
        fileprivate let id: Int
        fileprivate init(id: Int) { self.id = id }

        func cancel() { registry.withLock { _ = $0.handlers.removeValue(forKey: id) } }
    }

    private struct Registry {
        var installed = false
        var nextID = 0
        var handlers: [Int: @Sendable (Signal) -> Void] = [:]
    }

    private static let registry = Mutex(Registry())
    /// The pipe's write end, read by the handler (a plain global: the handler may touch nothing else).
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    /// Installs the handlers and starts the reading thread; later calls do nothing.
    static func install() {
        let first = registry.withLock { registry -> Bool in
            defer { registry.installed = true }
            return !registry.installed
        }
        guard first else { return }
        // A parent may have started us with these signals blocked (a child inherits the mask of
        // the thread that spawned it; Dispatch's threads block nearly every signal): blocked, a
        // SIGTERM would stay pending forever and the handler below never run.
        var ours = sigset_t()
        sigemptyset(&ours)
        sigaddset(&ours, SIGINT)
        sigaddset(&ours, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &ours, nil)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        writeEnd = ends[1]
        let readEnd = ends[0]
        let reader = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                guard count == 1 else { return }
                deliver(Int32(byte) == SIGINT ? .interrupt : .terminate)
            }
        }
        reader.name = "sharp signals"
        reader.start()
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(ProcessSignals.writeEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// Calls `handler` (on the signal thread) for every SIGINT or SIGTERM from now until the
    /// subscription is cancelled. ``install()`` must have run.
    static func subscribe(_ handler: @escaping @Sendable (Signal) -> Void) -> Subscription {
        registry.withLock { registry in
            registry.nextID += 1
            registry.handlers[registry.nextID] = handler
            return Subscription(id: registry.nextID)
        }
    }

    private static func deliver(_ signal: Signal) {
        let handlers = registry.withLock { Array($0.handlers.sorted { $0.key < $1.key }.map(\.value)) }
        guard !handlers.isEmpty else {
            // Nobody is watching: what the signal would have done without us.
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigemptyset(&action.sa_mask)
            sigaction(signal.number, &action, nil)
            kill(getpid(), signal.number)
            return
        }
        for handler in handlers { handler(signal) }
    }
}
