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
}
