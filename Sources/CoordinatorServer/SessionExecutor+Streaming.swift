import DuckCoordinator
import DuckDBKit
import NIOCore

extension SessionExecutor {
    /// A read (SELECT, WITH, …) or COPY … TO STDOUT whose rows stream to the client: in
    /// simple query with its RowDescription, in extended query (after Describe) without.
    /// Appends the CommandComplete. A tool's catalog probe that DuckDB cannot answer gets no
    /// rows, as before.
    func streamStatement(_ sql: String, kind: StatementKind, values: [DuckDBValue] = [], formats: [Int16] = [],
                         describe: Bool) async throws {
        if let transaction, transaction.failed {
            throw SessionError(SQLState.inFailedTransaction, "current transaction is aborted, commands ignored until end of transaction block")
        }
        try authorize(sql, kind: kind)
        if kind == .copyToStdout {
            let copy = try CopyCommand(sql)
            let query: String
            switch copy.source {
            case .query(let text): query = CatalogCompatibility.rewrite(text, parameters: parameters, duckDBVersion: duckDBVersion)
            case .table(let table, let columns):
                let list = columns.isEmpty ? "*" : columns.map(CatalogCompatibility.quoteIdentifier).joined(separator: ", ")
                query = "SELECT \(list) FROM \(CatalogCompatibility.quoteQualified(table))"
            }
            let rows = try await streamRead(query, values, shape: .copy(copy.format))
            pending.append(.commandComplete("COPY \(rows)"))
            return
        }
        let text = CatalogCompatibility.rewrite(sql, parameters: parameters, duckDBVersion: duckDBVersion)
        do {
            let rows = try await streamRead(text, values, shape: .rows(formats: formats, describe: describe))
            pending.append(.commandComplete(StatementKind.commandTag(sql, rows: rows)))
        } catch let failure as StreamFailure where Self.isToolIntrospection(sql) && !failure.started
            && (failure.error as? DuckDBError).map({ $0.kind != .interrupted }) == true {
            // A tool's catalog probe naming PostgreSQL catalog parts DuckDB lacks: no rows,
            // which every such tool reads as "nothing of that kind here".
            if describe { pending.append(.rowDescription([.init(name: "unavailable", typeOID: PostgresType.varchar.rawValue)])) }
            pending.append(.commandComplete("SELECT 0"))
        }
    }

    /// An error from a streamed read, and whether some of the result had gone out before it.
    struct StreamFailure: Error {
        let error: any Error
        let started: Bool
    }

    /// Runs `sql` where the session's reads run (a reader; the held writer inside a
    /// transaction) and streams its result (see ``ResultStream``); returns the rows sent. The
    /// result's end is left in ``pending``, ahead of the CommandComplete the caller adds.
    /// - Throws: ``StreamFailure`` wrapping what failed.
    func streamRead(_ sql: String, _ values: [DuckDBValue], shape: ResultShape) async throws -> Int {
        // Ahead of the rows; flushed with the first of them (a large result) or with the
        // ReadyForQuery that follows (a small one, written whole at the end).
        writePending()
        let stream = ResultStream(channel: channel, shape: shape)
        let writer = transaction?.writer
        let readOnly = role == .read && writer == nil
        let run: @Sendable (ReaderConnection) throws -> Int = { reader in
            if readOnly { return try reader.readOnly { try reader.withStatement(sql) { try stream.run($0, values) } } }
            return try reader.withStatement(sql) { try stream.run($0, values) }
        }
        let coordinator = coordinator
        let task = Task<Int, any Error>(executorPreference: taskExecutor) {
            if let writer { return try await writer.run { try run(ReaderConnection(connection: $0)) } }
            return try await coordinator.withReader(run)
        }
        activity.begin(cancel: {
            stream.cancel()
            task.cancel()
            writer?.interrupt()
        })
        activity.beginTransfer()
        defer {
            activity.endTransfer()
            activity.end()
        }
        do {
            let rows = try await task.value
            if let rest = stream.takeUnsent() { pending.append(.encoded(rest)) }
            return rows
        } catch {
            throw StreamFailure(error: error, started: stream.hasStarted)
        }
    }

    /// A read's whole result, where the session's reads run, with nested values as PostgreSQL's
    /// text (what a portal that returns its rows a few at a time keeps between Executes).
    func collectRead(_ sql: String, _ values: [DuckDBValue]) async throws -> ResultSet {
        let writer = transaction?.writer
        let readOnly = role == .read && writer == nil
        let collect: @Sendable (ReaderConnection) throws -> ResultSet = { reader in
            let read = {
                try reader.withStatement(sql) { statement -> ResultSet in
                    try statement.bind(values)
                    var columns: ColumnNames?
                    var rows: [[DuckDBValue]] = []
                    try statement.stream(columns: { columns = $0 }, chunk: { chunk in
                        var row = [DuckDBValue](repeating: .null, count: chunk.columnCount)
                        for index in 0..<chunk.count {
                            ChunkEncoder.values(chunk, row: index, into: &row)
                            rows.append(row)
                        }
                    })
                    return ResultSet(columns: columns?.names ?? [], typeNames: columns?.typeNames ?? [], rows: rows)
                }
            }
            return readOnly ? try reader.readOnly(read) : try read()
        }
        let coordinator = coordinator
        return try await cancellable {
            if let writer { return try await writer.run { try collect(ReaderConnection(connection: $0)) } }
            return try await coordinator.withReader(collect)
        }
    }

    /// The columns a read returns, from preparing it (nothing runs); nil for a statement that
    /// returns none.
    func describeColumns(_ sql: String) async throws -> ColumnNames {
        let text = CatalogCompatibility.rewrite(sql, parameters: parameters, duckDBVersion: duckDBVersion)
        let describe: @Sendable (ReaderConnection) throws -> ColumnNames = { reader in
            try reader.withStatement(text) { $0.resultColumns }
        }
        if let writer = transaction?.writer {
            return try await cancellable { try await writer.run { try describe(ReaderConnection(connection: $0)) } }
        }
        let coordinator = coordinator
        return try await cancellable { try await coordinator.withReader(describe) }
    }
}
