import Foundation
import Synchronization

/// Progress of long CLI work on standard error: on a terminal a bar redrawn in place with
/// count, rate and ETA (`collect  [########------------]  12/30  3.1/s  ETA 0:06`); elsewhere
/// (pipes, CI logs) a plain line at most every `lineInterval` seconds and at the end.
///
/// ```swift
/// let progress = ProgressBar(label: "collect", total: captures.count)
/// for capture in captures { try await collect(capture); progress.advance() }
/// progress.finish()
/// ```
/// Contract: ``say(_:)`` prints a line above the bar without breaking it; the last count is
/// always shown (``finish()`` adds it unless it was just written); redraws are limited
/// to ten a second, so ``advance(by:)`` may be called per row; the clock and sink are injected
/// (tests read exactly what a terminal or a log would get).
public final class ProgressBar: Sendable {
    public let label: String
    public let total: Int
    public let isTerminal: Bool
    public let lineInterval: Double
    private let now: @Sendable () -> Double
    private let sink: @Sendable (String) -> Void
    private let state: Mutex<State>

    private struct State {
        var done = 0
        var started: Double
        var lastDraw = -Double.infinity
        var drawn = false
        var shownDone = -1
        var finished = false
    }

    public init(label: String, total: Int, isTerminal: Bool = isatty(STDERR_FILENO) == 1, lineInterval: Double = 5,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                sink: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.total = max(0, total)
        self.isTerminal = isTerminal
        self.lineInterval = lineInterval
        self.now = now
        self.sink = sink
        state = Mutex(State(started: now()))
    }

    /// Counts `count` more items done.
    public func advance(by count: Int = 1) {
        let output: String? = state.withLock { state in
            guard !state.finished else { return nil }
            state.done = min(total, state.done + count)
            let time = now()
            let due = isTerminal ? time - state.lastDraw >= 0.1 : time - state.lastDraw >= lineInterval
            guard due || state.done == total else { return nil }
            state.lastDraw = time
            state.drawn = true
            state.shownDone = state.done
            return render(state, at: time)
        }
        if let output { sink(output) }
    }

    /// Prints `line` (a newline is added) above the bar.
    public func say(_ line: String) {
        let output: String = state.withLock { state in
            guard isTerminal, state.drawn, !state.finished else { return line + "\n" }
            return "\r\u{1B}[2K" + line + "\n" + render(state, at: now())
        }
        sink(output)
    }

    /// Draws the final state and ends the bar's line. Later calls do nothing.
    public func finish() {
        let output: String? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            if !isTerminal && state.shownDone == state.done { return nil }  // the last line said it
            let line = render(state, at: now())
            return isTerminal ? line + "\n" : line
        }
        if let output { sink(output) }
    }

    /// The bar (terminal: starts with `\r`, no newline) or a plain line (with newline).
    private func render(_ state: State, at time: Double) -> String {
        let elapsed = max(0.001, time - state.started)
        let rate = Double(state.done) / elapsed
        let eta = rate > 0 ? Double(total - state.done) / rate : nil
        let counts = "\(state.done)/\(total)  \(Self.rate(rate))/s  " + (state.done == total ? "took \(Self.clock(elapsed))" : "ETA \(eta.map(Self.clock) ?? "?")")
        if isTerminal {
            let width = 24
            let filled = total == 0 ? width : Int((Double(state.done) / Double(total) * Double(width)).rounded(.down))
            return "\r\u{1B}[2K\(label)  [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]  " + counts
        }
        let percent = total == 0 ? 100 : Int(Double(state.done) / Double(total) * 100)
        return "\(label): \(percent)%  " + counts + "\n"
    }

    static func rate(_ value: Double) -> String { value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value) }

    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 3600 ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
            : String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
