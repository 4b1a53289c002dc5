import Dispatch
import Foundation

/// Ctrl-C handling for the long-running commands: SIGINT cancels the task doing the work, which
/// then stops at its next wait and shuts the database down cleanly.
enum InterruptSignal {
    /// Cancels `task` on SIGINT; keep the returned source alive while it runs.
    static func cancel<Success: Sendable>(_ task: Task<Success, any Error>) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            StandardError.print("interrupted: stopping after the current step")
            task.cancel()
        }
        source.resume()
        return source
    }

    /// Runs `body` in a task that Ctrl-C cancels. Returns its value, or nil when it was
    /// interrupted (a cancellation is the normal way out of a long-running command).
    static func run<Success: Sendable>(_ body: @escaping @Sendable () async throws -> Success) async throws -> Success? {
        let task = Task { try await body() }
        let source = cancel(task)
        defer { source.cancel() }
        do { return try await task.value } catch is CancellationError { return nil }
    }
}
