import Dispatch
import Foundation
import Synchronization

/// Ctrl-C and SIGTERM handling for the long-running commands: either signal cancels the task
/// doing the work, which then stops at its next wait and shuts the database down cleanly
/// (every write already taken into a batch commits; a write still waiting in the queue when its
/// caller is cancelled is withdrawn and reported as cancelled, never half-done). Without the
/// SIGTERM handler, `kill` or a service manager ended the process on the spot.
enum InterruptSignal {
    /// Calls `handler` with "interrupted" (SIGINT) or "terminated" (SIGTERM) instead of letting
    /// either signal end the process, from the moment this returns until the subscription is
    /// cancelled.
    static func watch(_ handler: @escaping @Sendable (String) -> Void) -> ProcessSignals.Subscription {
        ProcessSignals.subscribe { handler($0.word) }
    }

    /// Runs `body` in a task that Ctrl-C or SIGTERM cancels. Returns its value, or nil when it
    /// was interrupted (a cancellation is the normal way out of a long-running command).
    static func run<Success: Sendable>(_ body: @escaping @Sendable () async throws -> Success) async throws -> Success? {
        // Watched before the body starts: a signal sent as soon as the body's first line
        // appears must find the watch in place.
        let stop = StopRequest()
        let running = Mutex<Task<Success, any Error>?>(nil)
        let subscription = watch { word in
            StandardError.print("\(word): stopping after the current step")
            stop.request(word)
            running.withLock { $0?.cancel() }
        }
        defer { subscription.cancel() }
        let task = Task { try await body() }
        running.withLock { $0 = task }
        if stop.signal != nil { task.cancel() }
        // A body that returns normally once cancelled (a scheduler ends its wait and reports
        // its runs so far) was still stopped by the signal: say so, as when it throws.
        do {
            let value = try await task.value
            return stop.signal != nil ? nil : value
        } catch is CancellationError { return nil }
    }
}

extension InterruptSignal {
    /// Runs a command that works to an end (`db sql`, `detect --save`, `db copy`, `bench …`) in a
    /// task that Ctrl-C or SIGTERM cancels, instead of the signal ending the process on the spot
    /// with the database open. The cancelled command stops at its next wait: writes it had
    /// committed stay, a write still queued is withdrawn, a transaction or copy in progress rolls
    /// back, and `closing {}` shuts the database down (owner record and socket removed). It then
    /// fails with ``InterruptedCommand`` (exit 130 or 143), unless it had finished anyway. A second
    /// signal ends the process at once, for a step that does not notice cancellation.
    static func runCancellable(_ command: @escaping @Sendable () async throws -> Void) async throws {
        let stop = StopRequest()
        let running = Mutex<Task<Void, any Error>?>(nil)
        let subscription = watch { word in
            if stop.signal == nil {
                stop.request(word)
                StandardError.print("\(word): stopping (again to stop at once)")
                running.withLock { $0?.cancel() }
            } else {
                exit(word == "interrupted" ? ExitStatus.interrupted.rawValue : ExitStatus.terminated.rawValue)
            }
        }
        defer { subscription.cancel() }
        let task = Task { try await command() }
        running.withLock { $0 = task }
        if stop.signal != nil { task.cancel() }
        do {
            try await task.value
        } catch {
            guard let signal = stop.signal else { throw error }
            throw InterruptedCommand(signal: signal, cause: error)
        }
    }
}

/// A command that watches SIGINT and SIGTERM itself, stopping between its steps and exiting 0
/// (collect, monitor, pregame schedule, db monitor, serve, dashboard): `SharpCommand` runs it as
/// it is instead of cancelling it on the first signal.
protocol WatchesItsOwnSignals {}

/// A command that works to an end was stopped by Ctrl-C or SIGTERM before it finished.
struct InterruptedCommand: Error, CustomStringConvertible {
    /// "interrupted" (SIGINT) or "terminated" (SIGTERM).
    let signal: String
    /// What the cancelled command threw as it stopped.
    let cause: any Error

    var status: ExitStatus { signal == "interrupted" ? .interrupted : .terminated }

    var description: String {
        let reason = cause is CancellationError ? "" : " (it stopped with: \(cause))"
        return "\(signal) before the command finished\(reason); what it had committed is kept, "
            + "nothing is half-written. Run it again to finish."
    }
}

/// The stop signal that arrived, for a loop that stops between its steps rather than inside one
/// (`sharp collect` finishes the capture it is storing, then prints the summary of those done).
///
/// ```swift
/// let stop = StopRequest()
/// let subscription = InterruptSignal.watch { stop.request($0) }
/// for step in steps where stop.signal == nil { try await step() }
/// ```
final class StopRequest: Sendable {
    private let word = Mutex<String?>(nil)

    /// "interrupted" or "terminated" once a signal arrived, else nil.
    var signal: String? { word.withLock { $0 } }

    /// Records the first signal; later ones change nothing.
    func request(_ signal: String) { word.withLock { if $0 == nil { $0 = signal } } }
}
