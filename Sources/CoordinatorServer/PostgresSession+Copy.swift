import DuckCoordinator
import DuckDBKit
import NIOCore

extension PostgresSession {
    /// `COPY table [(columns)] FROM STDIN [ [WITH] (FORMAT csv|text, HEADER, DELIMITER 'c', NULL 'x') | CSV [HEADER] ]`:
    /// collects the client's CopyData, parses it and appends the rows through the coordinator
    /// in one transaction (the held writer's, inside BEGIN … COMMIT).
    func copyFromStdin(_ sql: String, _ messages: inout Inbound, _ outbound: Outbound) async throws {
        if let transaction, transaction.failed {
            throw SessionError(SQLState.inFailedTransaction, "current transaction is aborted, commands ignored until end of transaction block")
        }
        var command = try CopyCommand(sql)
        let coordinator = coordinator
        if command.columns.isEmpty {
            let table = command.table.split(separator: ".").last.map(String.init) ?? command.table
            let result = try await coordinator.read(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [.string(table)])
            command.columns = result.rows.compactMap { if case .string(let name) = $0[0] { name } else { nil } }
            guard !command.columns.isEmpty else {
                throw SessionError(SQLState.undefinedTable, "relation \"\(command.table)\" does not exist")
            }
        }
        pending.append(.copyInResponse(format: 0, columnFormats: command.columns.map { _ in 0 }))
        try await send(outbound)
        var data = ByteBuffer()
        copying: while let message = try await messages.next() {
            switch message {
            case .copyData(var chunk): data.writeBuffer(&chunk)
            case .copyDone: break copying
            case .copyFail(let reason): throw SessionError(SQLState.queryCanceled, "COPY from stdin failed: \(reason)")
            case .flush, .sync: continue
            default: throw ProtocolViolation.malformed("unexpected \(message.name) during COPY")
            }
            if data.readableBytes > configuration.maxMessageSize * 4 {
                throw SessionError("54000", "COPY data exceeds \(configuration.maxMessageSize * 4) bytes; split the load")
            }
        }
        let text = data.readString(length: data.readableBytes) ?? ""
        let rows = try command.parse(text)
        let (table, columns) = (command.table, command.columns)
        let changed: Int
        if let writer = transaction?.writer {
            changed = try await cancellable {
                try await writer.run { connection in
                    let appender = try connection.appender(table: table, columns: columns)
                    for row in rows { try appender.appendRow(row) }
                    try appender.close()
                    return rows.count
                }
            }
        } else {
            let priority = parameters.priority
            changed = try await cancellable {
                try await coordinator.bulkInsert(into: table, columns: columns, rows: rows, priority: priority)
            }
        }
        pending.append(.commandComplete("COPY \(changed)"))
    }
}
