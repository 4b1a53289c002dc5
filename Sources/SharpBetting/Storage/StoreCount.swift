/// What storing a batch of rows did: how many were new, and how many the table already held
/// (or that repeated an earlier row of the same batch).
///
/// ```swift
/// let counts = try await SplitStore(database: db).store(keyedSplits)
/// let sbd = counts[SplitOrigin(source: "sbd")] ?? StoreCount()
/// print(sbd.stored, "new,", sbd.duplicates, "already stored")
/// ```
public struct StoreCount: Sendable, Hashable {
    /// Rows inserted.
    public var stored: Int
    /// Rows skipped because their key was already stored.
    public var duplicates: Int

    /// A count.
    public init(stored: Int = 0, duplicates: Int = 0) {
        self.stored = stored
        self.duplicates = duplicates
    }
}

/// The counts a store expects from its statements in a ``StoreJob``, by group (a feed, …):
/// how many rows each group offered and which statements insert them; ``counts(_:)`` turns
/// the job's rows-changed into ``StoreCount``s.
struct PendingStoreCounts<Group: Hashable & Sendable>: Sendable {
    private var groups: [(group: Group, total: Int, statements: Range<Int>)] = []

    /// `group` offered `total` rows; `statements` insert its new ones.
    mutating func expect(_ group: Group, total: Int, statements: Range<Int>) {
        groups.append((group, total, statements))
    }

    /// Each group's count, from the job's result.
    func counts(_ result: StoreJobResult) -> [Group: StoreCount] {
        var counts: [Group: StoreCount] = [:]
        for entry in groups {
            let stored = result.total(of: entry.statements)
            counts[entry.group] = StoreCount(stored: stored, duplicates: entry.total - stored)
        }
        return counts
    }
}
