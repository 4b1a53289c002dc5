import Synchronization

/// True for the first caller of ``claim()`` only (process-wide bootstraps).
final class OnceFlag: Sendable {
    private let taken = Mutex(false)

    func claim() -> Bool {
        taken.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }
}
