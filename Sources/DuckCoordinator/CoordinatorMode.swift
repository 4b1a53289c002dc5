/// How a `DatabaseCoordinator` reaches the database.
///
/// - `optimized`: one open database, a pool of reader connections, one batching writer.
/// - `legacy`: every operation takes a file lock, opens the database, runs, closes, unlocks
///   (slow, but several processes can share the file).
///
/// Rolling back is one argument: `DatabaseCoordinator(path: p, mode: .legacy)`.
public enum CoordinatorMode: String, Sendable, Codable, CaseIterable {
    case optimized, legacy
}
