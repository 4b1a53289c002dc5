import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a lock file, shared by every process that uses the same path, and
/// fair between them.
///
/// Plain polling is unfair: the holder, if it has more work, re-takes the lock the instant it
/// releases it, and processes polling every 50 ms starve until they time out. So a waiter
/// announces itself with a shared lock on `<path>.waiting` while it polls, and a process that
/// sees waiters does not take the lock straight away but waits one poll interval first, which
/// lets a waiter in; waiters sleep a random 0.5–1.5 poll intervals between tries. The kernel frees both locks when a holder exits, even on SIGKILL. The files
/// are never deleted (another process may hold them).
/// ```swift
/// let (lock, waited) = try FileLock.acquire("mlb.duckdb.lock", timeout: 30, poll: 0.05)
/// defer { lock.release() }
/// ```
final class FileLock {
    private var descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { release() }

    /// Polls every `poll` seconds until the lock is taken or `timeout` seconds have passed.
    /// - Returns: the lock and how long it took (seconds).
    static func acquire(_ path: String, timeout: Double, poll: Double) throws -> (FileLock, Double) {
        let started = monotonicNanos()
        let descriptor = try openFile(path)
        let waiting: Int32
        do { waiting = try openFile(path + ".waiting") } catch {
            close(descriptor)
            throw error
        }
        defer { close(waiting) }
        // Look for waiters before announcing ourselves: the test takes an exclusive lock on the
        // waiting file, and on a descriptor that already held the shared lock it would be a
        // conversion, which Linux may do by dropping the shared lock first.
        let othersWaiting = othersAreWaiting(waiting)
        // Fast path: nobody is waiting and the lock is free.
        if !othersWaiting, flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            return (FileLock(descriptor: descriptor), millisecondsSince(started) / 1_000)
        }
        // Slow path: announce, and when others were already waiting, let them go first.
        flock(waiting, LOCK_SH)
        defer { flock(waiting, LOCK_UN) }
        var first = othersWaiting
        while true {
            if !first {
                if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                    return (FileLock(descriptor: descriptor), millisecondsSince(started) / 1_000)
                }
                let code = errno
                guard code == EWOULDBLOCK || code == EINTR else {
                    close(descriptor)
                    throw DuckDBLockError(path: path, reason: String(cString: strerror(code)))
                }
            }
            first = false
            let waited = millisecondsSince(started) / 1_000
            if waited >= timeout {
                close(descriptor)
                throw CoordinatorError.lockTimeout(path: path, waitedSeconds: waited)
            }
            // Jitter: with equal periods, a poller whose phase sits just behind another's would
            // lose every race; random sleeps give every waiter the same chance each turn.
            let sleep = poll * Double.random(in: 0.5...1.5)
            usleep(useconds_t(max(1_000, min(sleep, timeout - waited) * 1_000_000)))
        }
    }

    private static func openFile(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw DuckDBLockError(path: path, reason: String(cString: strerror(errno))) }
        return descriptor
    }

    /// Whether another waiter holds its shared lock on the waiting file. Call it only while
    /// `waiting` holds no lock of ours, so an exclusive attempt fails exactly when someone waits.
    private static func othersAreWaiting(_ waiting: Int32) -> Bool {
        if flock(waiting, LOCK_EX | LOCK_NB) == 0 {
            flock(waiting, LOCK_UN)
            return false
        }
        return true
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
