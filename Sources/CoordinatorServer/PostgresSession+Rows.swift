import DuckDBKit

extension PostgresSession {
    /// Rows per DataRow batch.
    static let rowBatch = 1_000

    /// Sends `rows` as DataRows (after whatever is pending, e.g. the RowDescription), one
    /// batch of ``rowBatch`` at a time: a batch is encoded only once the event loop has written
    /// the one before into the socket, and the channel's writer suspends while the channel's
    /// buffer is above its high-water mark (64 KiB). So a client that reads nothing holds its
    /// session at one batch in flight (plus the socket buffers) instead of the server encoding
    /// the whole result into memory; a CancelRequest during the transfer stops it before the
    /// next batch.
    ///
    /// ```swift
    /// pending.append(.rowDescription(fields))
    /// try await sendRows(result.rows[...], fields: fields, outbound)
    /// pending.append(.commandComplete(tag))
    /// ```
    ///
    /// Contract: the rows themselves are already in memory (a ``ResultSet`` is materialised by
    /// the reader); what this bounds is their encoded copy.
    /// - Throws: `CancellationError` (57014) when cancelled; the channel's error when the
    ///   client went away.
    func sendRows(_ rows: ArraySlice<Row>, fields: [BackendMessage.FieldDescription], _ outbound: Outbound) async throws {
        activity.beginTransfer()
        defer { activity.endTransfer() }
        var start = rows.startIndex
        while start < rows.endIndex {
            if activity.isTransferCancelled { throw CancellationError() }
            let end = min(start + Self.rowBatch, rows.endIndex)
            pending += StatementOutcome.dataRows(rows[start..<end], fields: fields)
            start = end
            try await send(outbound)
            // The writer hands each batch to the event loop and returns; it learns that the
            // channel is full only once the loop has written the batch. Waiting for the loop to
            // get there keeps the encoder from running ahead of it (unbounded, on a busy loop).
            try await channel.channel.eventLoop.submit {}.get()
        }
    }
}
