import DuckCoordinator
import DuckDBKit
import NIOCore

extension SessionExecutor {
    /// Rows appended per call on the writer while a COPY streams in.
    static let copyBatchRows = 10_000

    /// A `COPY … FROM STDIN` in progress: where its rows go and what is parsed but not appended.
    struct CopyIn {
        let writer: WriterSession
        /// The writer (and its transaction) was taken for this COPY (outside BEGIN … COMMIT).
        let owned: Bool
        let schema: String?
        let table: String
        let columns: [String]
        var decoder: CopyInDecoder
        var batch: [[DuckDBValue]] = []
        var appended = 0
    }

    /// `COPY table [(columns)] FROM STDIN [options]` in text, CSV or binary starts: its
    /// CopyInResponse goes out and rows are then parsed as CopyData arrives (``copyData(_:)``)
    /// and appended in batches of ``copyBatchRows`` through DuckDB's appender on the writer,
    /// inside one transaction (the session's own inside BEGIN … COMMIT, else one held for the
    /// COPY), so memory holds one batch and a failed COPY leaves nothing behind.
    func startCopyIn(_ sql: String) async throws {
        if let transaction, transaction.failed {
            throw SessionError(SQLState.inFailedTransaction, "current transaction is aborted, commands ignored until end of transaction block")
        }
        try authorize(sql, kind: .copyFromStdin)
        let copy = try CopyCommand(sql)
        guard case .table(let qualified, let named) = copy.source else {
            throw SessionError(SQLState.syntaxError, "COPY FROM STDIN needs a table")
        }
        let parts = qualified.split(separator: ".").map(String.init)
        let (schema, table) = parts.count > 1 ? (parts[parts.count - 2], parts[parts.count - 1]) : (nil, qualified)
        let (columns, types) = try await columnTypes(schema: schema, table: table, named: named)
        let owned = transaction == nil
        let writer: WriterSession
        if let held = transaction?.writer { writer = held } else { writer = try await holdWriter(begin: "BEGIN TRANSACTION") }
        copyIn = CopyIn(writer: writer, owned: owned, schema: schema, table: table, columns: columns,
                        decoder: CopyInDecoder(format: copy.format, types: types))
        pending.append(.copyInResponse(format: copy.format.wireFormat, columnFormats: columns.map { _ in Int16(copy.format.wireFormat) }))
    }

    /// One CopyData: its complete rows join the batch, which is appended once full.
    func copyData(_ data: ByteBuffer) async throws {
        // Mutated in place: a copy of `copyIn` would make every CopyData copy the batch so far
        // (thousands of rows: most of COPY FROM STDIN's server CPU in a profile).
        guard let rows = try copyIn?.decoder.feed(data) else { return }
        copyIn!.batch.append(contentsOf: rows)
        if copyIn!.batch.count >= Self.copyBatchRows { try await appendBatch() }
    }

    /// CopyDone: the last rows are appended and the COPY commits (unless inside BEGIN … COMMIT).
    func copyDone() async throws {
        guard let rows = try copyIn?.decoder.finish() else { return }
        copyIn!.batch.append(contentsOf: rows)
        try await appendBatch()
        guard let done = copyIn else { return }
        copyIn = nil
        if done.owned {
            do { try await done.writer.execute("COMMIT") } catch {
                await done.writer.release()
                throw error
            }
            await done.writer.release()
        }
        pending.append(.commandComplete("COPY \(done.appended)"))
    }

    /// The COPY ends without its rows (CopyFail, an error, the connection closed): rolled back.
    func abortCopyIn() async {
        guard let copy = copyIn else { return }
        copyIn = nil
        if copy.owned {
            _ = try? await copy.writer.execute("ROLLBACK")
            await copy.writer.release()
        } else {
            transaction?.failed = true
        }
    }

    private func appendBatch() async throws {
        guard let copy = copyIn, !copy.batch.isEmpty else { return }
        let (rows, table, schema, columns, writer) = (copy.batch, copy.table, copy.schema, copy.columns, copy.writer)
        copyIn!.batch = []
        let appended = try await cancellable {
            try await writer.run { connection in
                let appender = try connection.appender(table: table, schema: schema, columns: columns)
                do {
                    for row in rows { try appender.appendRow(row) }
                    try appender.close()
                } catch {
                    try? appender.close()
                    throw error
                }
                return rows.count
            }
        }
        copyIn?.appended += appended
    }

    /// The columns a COPY fills (all, in table order, when none are named) and their types,
    /// from DuckDB's catalog as the session sees it (inside a transaction, the held writer's).
    private func columnTypes(schema: String?, table: String, named: [String]) async throws -> ([String], [PostgresType]) {
        var sql = "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $1"
        var values: [DuckDBValue] = [.string(table)]
        if let schema {
            sql += " AND schema_name = $2"
            values.append(.string(schema))
        }
        sql += " ORDER BY column_index"
        let coordinator = coordinator
        let writer = transaction?.writer
        let (query, parameters) = (sql, values)
        let result = try await cancellable {
            if let writer { try await writer.query(query, parameters) } else { try await coordinator.read(query, parameters) }
        }
        let catalog: [(name: String, type: PostgresType)] = result.rows.compactMap { row in
            guard case .string(let name) = row[0], case .string(let type) = row[1] else { return nil }
            return (name, PostgresType(duckDBColumnType: type))
        }
        guard !catalog.isEmpty else {
            throw SessionError(SQLState.undefinedTable, "relation \"\(schema.map { "\($0)." } ?? "")\(table)\" does not exist")
        }
        if named.isEmpty { return (catalog.map(\.name), catalog.map(\.type)) }
        let types = try named.map { column in
            guard let match = catalog.first(where: { $0.name.lowercased() == column.lowercased() }) else {
                throw SessionError(SQLState.undefinedColumn, "column \"\(column)\" of relation \"\(table)\" does not exist")
            }
            return match.type
        }
        return (named, types)
    }
}
