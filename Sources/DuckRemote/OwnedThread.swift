import Foundation

/// Runs blocking work (a transaction body's round trips, a private DuckDB) on a thread of its
/// own, so neither the event loop nor the cooperative pool waits on it.
enum OwnedThread {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await result(body).get()
    }

    static func result<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async -> Result<T, any Error> {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { try body() })
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }
}
