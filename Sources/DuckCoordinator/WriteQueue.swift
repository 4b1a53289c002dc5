/// Queued writes by priority: FIFO within a level; a write waiting `agingInterval` is treated
/// one level higher (up to HIGH; CRITICAL stays reserved), so LOW cannot starve.
struct WriteQueue {
    private var levels: [[WriteOperation]] = Array(repeating: [], count: 4)
    private var heads = [Int](repeating: 0, count: 4)
    private var live = [Int](repeating: 0, count: 4)

    /// Writes waiting (cancelled ones excluded).
    private(set) var count = 0

    /// Rows the waiting writes hold (a bulk insert counts its rows): what `writeBatchSize`
    /// is compared with, so that one large bulk insert is due at once instead of waiting
    /// `writeBatchTimeout` as if it were one small write.
    private(set) var rows = 0

    /// Writes waiting at CRITICAL priority.
    var criticalCount: Int { live[OperationPriority.critical.rawValue] }

    mutating func push(_ operation: WriteOperation) {
        let level = operation.priority.rawValue
        levels[level].append(operation)
        live[level] += 1
        count += 1
        rows += operation.rowCount
    }

    /// Marks a queued write cancelled; it is skipped when its turn comes.
    mutating func remove(_ operation: WriteOperation) {
        operation.state = .cancelled
        live[operation.priority.rawValue] -= 1
        count -= 1
        rows -= operation.rowCount
    }

    /// The first live write of a level, dropping cancelled ones in front of it.
    private mutating func front(_ level: Int) -> WriteOperation? {
        while heads[level] < levels[level].count {
            let operation = levels[level][heads[level]]
            if operation.state == .queued { return operation }
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

    /// When the longest-waiting write was queued (monotonic nanoseconds).
    mutating func oldestEnqueueTime() -> UInt64? {
        (0..<4).compactMap { front($0)?.enqueuedAt }.min()
    }

    /// The smallest sequence number still waiting.
    mutating func minimumSequence() -> UInt64? {
        (0..<4).compactMap { front($0)?.sequence }.min()
    }

    /// Takes writes holding up to `limit` rows (always at least one write): highest effective
    /// priority first, then arrival order.
    mutating func take(limit: Int, now: UInt64, agingNanos: UInt64) -> [WriteOperation] {
        var batch: [WriteOperation] = []
        batch.reserveCapacity(min(limit, count))
        var batchRows = 0
        while batchRows < limit, count > 0 {
            var best: (level: Int, effective: Int, sequence: UInt64)?
            for level in 0..<4 {
                guard let operation = front(level) else { continue }
                var effective = level
                if level < OperationPriority.critical.rawValue {
                    let waited = now >= operation.enqueuedAt ? now - operation.enqueuedAt : 0
                    let promoted = Int(min(waited / max(agingNanos, 1), 3))
                    effective = min(level + promoted, OperationPriority.high.rawValue)
                }
                if best == nil || effective > best!.effective
                    || (effective == best!.effective && operation.sequence < best!.sequence) {
                    best = (level, effective, operation.sequence)
                }
            }
            guard let chosen = best else { break }
            let operation = levels[chosen.level][heads[chosen.level]]
            heads[chosen.level] += 1
            live[chosen.level] -= 1
            count -= 1
            rows -= operation.rowCount
            batchRows += operation.rowCount
            operation.state = .taken
            batch.append(operation)
        }
        for level in 0..<4 where heads[level] == levels[level].count { compact(level) }
        return batch
    }
}
