/// When the single writer commits the writes waiting for it.
///
/// ```swift
/// var config = ConnectionConfig.production        // .groupCommit: a lone write commits at once
/// config.flushPolicy = .timer                      // the migration guide's batches:
/// config.writeBatchTimeout = 2.0                   // wait up to 2 s (or 500 rows, or a CRITICAL write)
/// ```
public enum FlushPolicy: String, Sendable, Codable, CaseIterable {
    /// The default. When the writer is idle, a write (any priority) starts a batch at once;
    /// writes that arrive while a batch commits form the next batch (up to `writeBatchSize`
    /// rows, in priority order), which starts the moment the writer is free. Under load batches
    /// grow by themselves; when idle a write costs about one commit. `commitDelay` (0 by
    /// default) lets the writer gather writes for that long first, like PostgreSQL's
    /// `commit_delay`; `writeBatchTimeout` is not used.
    case groupCommit = "group-commit"
    /// The migration guide's policy: a batch commits when it holds `writeBatchSize` rows, when its
    /// oldest write has waited `writeBatchTimeout`, at once for a CRITICAL write, on `flush()` and
    /// on shutdown. Fewer, larger transactions; a lone NORMAL write waits the whole timeout.
    case timer
}
