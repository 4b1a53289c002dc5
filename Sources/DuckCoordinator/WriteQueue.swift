/// Queued writes by priority, as plain values: FIFO within a level; a write waiting
/// `agingInterval` is treated one level higher (up to HIGH; CRITICAL stays reserved), so LOW
/// cannot starve. Knows nothing of what a write runs: it orders sequence numbers.
struct WriteQueue {
    /// One waiting write: its place in line, priority, arrival time and size.
    struct Entry: Equatable {
        var sequence: UInt64
        var priority: OperationPriority
        /// Monotonic nanoseconds at submission.
        var enqueuedAt: UInt64
        /// Rows it writes (a bulk insert counts its rows; a statement counts 1).
        var rows: Int
    }

    private var levels: [[Entry]] = Array(repeating: [], count: 4)
    private var heads = [Int](repeating: 0, count: 4)
    private var live = [Int](repeating: 0, count: 4)
    /// Waiting writes by sequence: level arrays may still hold removed entries, skipped here.
    private var waiting: [UInt64: Entry] = [:]

    /// Writes waiting (removed ones excluded).
    var count: Int { waiting.count }

    /// Rows the waiting writes hold: what `writeBatchSize` is compared with, so one large bulk
    /// insert is a full batch by itself.
    private(set) var rows = 0

    /// Writes waiting at CRITICAL priority.
    var criticalCount: Int { live[OperationPriority.critical.rawValue] }

    func contains(_ sequence: UInt64) -> Bool { waiting[sequence] != nil }

    mutating func push(_ entry: Entry) {
        let level = entry.priority.rawValue
        levels[level].append(entry)
        live[level] += 1
        rows += entry.rows
        waiting[entry.sequence] = entry
    }

    /// Removes a waiting write (cancelled); false when it is not waiting.
    @discardableResult
    mutating func remove(_ sequence: UInt64) -> Bool {
        guard let entry = waiting.removeValue(forKey: sequence) else { return false }
        live[entry.priority.rawValue] -= 1
        rows -= entry.rows
        return true
    }

    /// The first live entry of a level, dropping removed ones in front of it.
    private mutating func front(_ level: Int) -> Entry? {
        while heads[level] < levels[level].count {
            let entry = levels[level][heads[level]]
            if waiting[entry.sequence] != nil { return entry }
            heads[level] += 1
        }
        compact(level)
        return nil
    }

    private mutating func compact(_ level: Int) {
        if heads[level] == levels[level].count {
            levels[level].removeAll(keepingCapacity: true)
            heads[level] = 0
        } else if heads[level] > 4_096 {
            levels[level].removeFirst(heads[level])
            heads[level] = 0
        }
    }

    /// When the longest-waiting write was queued.
    mutating func oldestEnqueueTime() -> UInt64? {
        (0..<4).compactMap { front($0)?.enqueuedAt }.min()
    }

    /// The smallest sequence number still waiting.
    mutating func minimumSequence() -> UInt64? {
        (0..<4).compactMap { front($0)?.sequence }.min()
    }

    /// Takes writes holding up to `limit` rows (always at least one write): highest effective
    /// priority first, then arrival order.
    mutating func take(limit: Int, now: UInt64, agingNanos: UInt64) -> [Entry] {
        var batch: [Entry] = []
        batch.reserveCapacity(min(limit, count))
        var batchRows = 0
        while batchRows < limit, count > 0 {
            var best: (level: Int, effective: Int, sequence: UInt64)?
            for level in 0..<4 {
                guard let entry = front(level) else { continue }
                var effective = level
                if level < OperationPriority.critical.rawValue {
                    let waited = now >= entry.enqueuedAt ? now - entry.enqueuedAt : 0
                    let promoted = Int(min(waited / max(agingNanos, 1), 3))
                    effective = min(level + promoted, OperationPriority.high.rawValue)
                }
                if best == nil || effective > best!.effective
                    || (effective == best!.effective && entry.sequence < best!.sequence) {
                    best = (level, effective, entry.sequence)
                }
            }
            guard let chosen = best else { break }
            let entry = levels[chosen.level][heads[chosen.level]]
            heads[chosen.level] += 1
            remove(entry.sequence)
            batchRows += entry.rows
            batch.append(entry)
        }
        for level in 0..<4 where heads[level] == levels[level].count { compact(level) }
        return batch
    }
}
