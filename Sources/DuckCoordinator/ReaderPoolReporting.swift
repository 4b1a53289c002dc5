/// A coordinator that can say how many reads are waiting for a reader connection right now
/// (what `sharp_reader_pool_waiters` exports). Not every coordinator can: a remote one cannot.
///
/// ```swift
/// if let pool = db as? any ReaderPoolReporting, pool.readerPoolWaiters > 0 { /* reads queue */ }
/// ```
public protocol ReaderPoolReporting {
    /// Reads waiting for a reader connection now (0 in legacy mode).
    var readerPoolWaiters: Int { get }
}

extension DatabaseCoordinator: ReaderPoolReporting {}
