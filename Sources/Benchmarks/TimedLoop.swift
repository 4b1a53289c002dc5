import Foundation

/// A client's loop for a timed workload: at least one operation, then more until the deadline,
/// so a slow mode on a loaded machine still reports a figure instead of zero operations.
///
/// ```swift
/// var loop = TimedLoop(deadline: deadline)
/// while loop.next() { try runOneOperation() }
/// ```
struct TimedLoop {
    let deadline: UInt64
    private var iterations = 0

    init(deadline: UInt64) { self.deadline = deadline }

    /// Whether to run one more operation.
    mutating func next() -> Bool {
        defer { iterations += 1 }
        return iterations == 0 || DispatchTime.now().uptimeNanoseconds < deadline
    }
}
