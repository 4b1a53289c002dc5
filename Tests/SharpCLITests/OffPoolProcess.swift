import Foundation

extension SharpProcess {
    /// ``runExecutable(_:_:)`` on a thread of its own: the test suspends instead of holding one
    /// of the cooperative pool's two threads while chromium or psql runs, so tests running
    /// beside it (in-process servers among them) keep their threads.
    static func runOffPool(_ path: String, _ arguments: [String]) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runExecutable(path, arguments) }) }.start()
        }
    }

    /// `sharp` itself, off the pool.
    static func runOffPool(_ arguments: [String]) async throws -> Output {
        try await runOffPool(executable.path, arguments)
    }
}
