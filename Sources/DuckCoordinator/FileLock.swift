import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a lock file, shared by every process that uses the same path.
///
/// The kernel frees the lock when its holder exits, even on SIGKILL. The file itself is never
/// deleted (another process may hold it).
/// ```swift
/// let lock = try FileLock.acquire("mlb.duckdb.lock", timeout: 30, poll: 0.05)
/// defer { lock.release() }
/// ```
final class FileLock {
    private var descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { release() }

    /// Polls every `poll` seconds until the lock is taken or `timeout` seconds have passed.
    /// - Returns: the lock and how long it took (seconds).
    static func acquire(_ path: String, timeout: Double, poll: Double,
                        isCancelled: () -> Bool = { false }) throws -> (FileLock, Double) {
        let started = monotonicNanos()
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DuckDBLockError(path: path, reason: String(cString: strerror(errno)))
        }
        while true {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                return (FileLock(descriptor: descriptor), millisecondsSince(started) / 1_000)
            }
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(descriptor)
                throw DuckDBLockError(path: path, reason: String(cString: strerror(code)))
            }
            let waited = millisecondsSince(started) / 1_000
            if waited >= timeout || isCancelled() {
                close(descriptor)
                if isCancelled() { throw CancellationError() }
                throw CoordinatorError.lockTimeout(path: path, waitedSeconds: waited)
            }
            usleep(useconds_t(max(1_000, min(poll, timeout - waited) * 1_000_000)))
        }
    }

    /// Unlocks and closes; calling it twice is harmless.
    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }
}

/// The lock file could not be opened or locked for a reason other than another holder.
struct DuckDBLockError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot use lock file \(path): \(reason)" }
}
