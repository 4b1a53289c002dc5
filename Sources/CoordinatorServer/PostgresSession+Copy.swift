import DuckCoordinator
import DuckDBKit
import NIOCore

extension PostgresSession {
    /// Rows appended per call on the writer while a COPY streams in.
    static let copyBatchRows = 10_000

    /// `COPY table [(columns)] FROM STDIN [options]` in text, CSV or binary: rows are parsed
    /// as CopyData arrives and appended in batches of ``copyBatchRows`` through DuckDB's
    /// appender on the writer, inside one transaction (the session's own inside BEGIN …
    /// COMMIT, else one held for the COPY), so memory holds one batch and a failed COPY leaves
    /// nothing behind.
    func copyFromStdin(_ sql: String, _ messages: inout Inbound, _ outbound: Outbound) async throws {
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
        pending.append(.copyInResponse(format: copy.format.wireFormat, columnFormats: columns.map { _ in Int16(copy.format.wireFormat) }))
        try await send(outbound)

        let owned = transaction == nil
        let writer: WriterSession
        if let held = transaction?.writer { writer = held } else { writer = try await coordinator.beginWriterSession() }
        var appended = 0
        do {
            if owned { try await writer.execute("BEGIN TRANSACTION") }
            var decoder = CopyInDecoder(format: copy.format, types: types)
            var batch: [[DuckDBValue]] = []
            func append() async throws {
                guard !batch.isEmpty else { return }
                let rows = batch
                batch = []
                appended += try await cancellable {
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
            }
            copying: while let message = try await messages.next() {
                switch message {
                case .copyData(let chunk):
                    batch += try decoder.feed(chunk)
                    if batch.count >= Self.copyBatchRows { try await append() }
                case .copyDone:
                    batch += try decoder.finish()
                    break copying
                case .copyFail(let reason): throw SessionError(SQLState.queryCanceled, "COPY from stdin failed: \(reason)")
                case .flush, .sync: continue
                default: throw ProtocolViolation.malformed("unexpected \(message.name) during COPY")
                }
            }
            try await append()
            if owned {
                try await writer.execute("COMMIT")
                await writer.release()
            }
        } catch {
            if owned {
                _ = try? await writer.execute("ROLLBACK")
                await writer.release()
            }
            throw error
        }
        pending.append(.commandComplete("COPY \(appended)"))
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
