import Dispatch
import Foundation

/// Ctrl-C and SIGTERM handling for the long-running commands: either signal cancels the task
/// doing the work, which then stops at its next wait and shuts the database down cleanly
/// (every write already taken into a batch commits; a write still waiting in the queue when its
/// caller is cancelled is withdrawn and reported as cancelled, never half-done). Without the
/// SIGTERM handler, `kill` or a service manager ended the process on the spot.
enum InterruptSignal {
    /// Cancels `task` on SIGINT or SIGTERM; keep the returned sources alive while it runs.
    static func cancel<Success: Sendable>(_ task: Task<Success, any Error>) -> [any DispatchSourceSignal] {
        [(SIGINT, "interrupted"), (SIGTERM, "terminated")].map { number, word in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                StandardError.print("\(word): stopping after the current step")
                task.cancel()
            }
            source.resume()
            return source
        }
    }

    /// Runs `body` in a task that Ctrl-C or SIGTERM cancels. Returns its value, or nil when it
    /// was interrupted (a cancellation is the normal way out of a long-running command).
    static func run<Success: Sendable>(_ body: @escaping @Sendable () async throws -> Success) async throws -> Success? {
        let task = Task { try await body() }
        let sources = cancel(task)
        defer { sources.forEach { $0.cancel() } }
        do { return try await task.value } catch is CancellationError { return nil }
    }
}
