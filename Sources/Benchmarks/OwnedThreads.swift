import Foundation

/// Runs blocking work on threads the benchmark owns, never on Swift's cooperative pool (which
/// has one thread per core — two here); the async caller suspends until every thread ends.
///
/// ```swift
/// let sums = await OwnedThreads.run(count: 4, name: "raw-reader") { index in heavyBlockingWork(index) }
/// ```
public enum OwnedThreads {
    /// Starts `count` threads running `body(index)` and returns their results in index order.
    public static func run<T: Sendable>(count: Int, name: String,
                                        _ body: @escaping @Sendable (Int) -> T) async -> [T] {
        let results = ResultSlots<T>(count: count)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for index in 0..<count {
                group.enter()
                let thread = Thread {
                    results.set(index, body(index))
                    group.leave()
                }
                thread.name = "\(name)-\(index)"
                thread.stackSize = 1 << 20
                thread.start()
            }
            group.notify(queue: .global()) { continuation.resume() }
        }
        return results.values()
    }
}

/// One slot per thread for its result.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }

    func values() -> [T] { lock.withLock { slots.map { $0! } } }
}
