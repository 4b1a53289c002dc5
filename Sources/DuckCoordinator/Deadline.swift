import Foundation

/// Waits for `operation` at most `seconds`; nil when time ran out first. The operation is not
/// cancelled (a blocked DuckDB call cannot be), only no longer awaited.
func withDeadline<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async -> Result<T, Error>? {
    let once = Once()
    return await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, Error>?, Never>) in
        Task {
            let result: Result<T, Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            if once.claim() { continuation.resume(returning: result) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if once.claim() { continuation.resume(returning: nil) }
        }
    }
}

/// A flag that can be claimed once, from any thread.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func claim() -> Bool { lock.withLock { if done { return false }; done = true; return true } }
}
