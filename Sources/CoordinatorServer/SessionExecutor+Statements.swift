import DuckCoordinator
import DuckDBKit
import Foundation
import NIOCore

extension SessionExecutor {
    /// One statement of a simple Query, its results sent as they come. COPY FROM STDIN only
    /// starts here (``startCopyIn(_:)``); its data arrives as further work.
    func statement(_ statement: String) async throws -> ConnectionStateMachine.Outcome {
        let kind = StatementKind(statement)
        if kind == .copyFromStdin {
            try await startCopyIn(statement)
            return .copyIn(status: transactionStatus)
        }
        if kind == .read || kind == .copyToStdout {
            try await streamStatement(statement, kind: kind, describe: true)
            return .done(status: transactionStatus)
        }
        switch try await execute(statement, [], kind: kind) {
        case .rows(let result, let tag):
            let fields = StatementOutcome.fields(of: result, formats: [])
            pending.append(.rowDescription(fields))
            pending += StatementOutcome.dataRows(result.rows[...], fields: fields)
            pending.append(.commandComplete(tag))
        case .command(let tag):
            pending.append(.commandComplete(tag))
        case .notice(let fields, let tag):
            pending.append(.notice(fields))
            pending.append(.commandComplete(tag))
        }
        return .done(status: transactionStatus)
    }

    /// Runs one statement (no COPY) where it belongs: reads on the reader pool (or the held
    /// writer inside a transaction), writes through the scheduler, DDL at once.
    func execute(_ sql: String, _ values: [DuckDBValue], kind: StatementKind) async throws -> StatementOutcome {
        switch kind {
        case .begin: return try await begin()
        case .commit: return try await finish(commit: true)
        case .rollback: return try await finish(commit: false)
        default: break
        }
        if let transaction, transaction.failed {
            throw SessionError(SQLState.inFailedTransaction, "current transaction is aborted, commands ignored until end of transaction block")
        }
        try authorize(sql, kind: kind)
        let coordinator = coordinator
        let writer = transaction?.writer
        let priority = parameters.priority
        let readOnly = role == .read
        if kind == .write || kind == .immediate, let (key, body) = WriteKey.split(sql) {
            // `/* sharp:write-key=KEY */ statement`: applied at most once per file (the
            // coordinator's ledger, in the same transaction as the write); a re-send of an
            // applied key answers the recorded count without running.
            let job = WriteJob(key: key, [.init(sql: CatalogCompatibility.hexByteaLiterals(body), rows: [values])])
            let changed = try await cancellable {
                if let writer { try await writer.perform(job) } else { try await coordinator.perform(job, priority: priority) }
            }
            return .command(tag: StatementKind.commandTag(body, rows: changed.first ?? 0))
        }
        switch kind {
        case .set where SQLScript.keywords(sql, count: 2).last == "GLOBAL":
            // An admin's SET GLOBAL goes to DuckDB (the session's own SETs never do).
            _ = try await cancellable {
                if let writer { try await writer.execute(sql) } else { try await coordinator.immediateWrite(sql) }
            }
            return .command(tag: "SET")
        case .set:
            let name = try parameters.apply(sql)
            parsed.removeAll()
            if SessionParameters.reported.contains(name) {
                pending.append(.parameterStatus(name: parameters.displayName(of: name), value: parameters.value(of: name) ?? ""))
            }
            return .command(tag: SQLScript.keywords(sql, count: 1).first == "RESET" ? "RESET" : "SET")
        case .show where Self.isStatsQuery(sql):
            // sharp.stats: the owner's coordinator stats as JSON (what a RemoteCoordinator's stats() returns).
            let json = String(decoding: (try? JSONEncoder().encode(await coordinator.stats())) ?? Data(), as: UTF8.self)
            let result = try await coordinator.read("SELECT ? AS \"sharp.stats\"", [.string(json)])
            return .rows(result, tag: "SHOW")
        case .show, .read:
            let text = kind == .show ? (showQuery(sql) ?? sql)
                : CatalogCompatibility.rewrite(sql, parameters: parameters, duckDBVersion: duckDBVersion)
            do {
                let result = kind == .read ? try await collectRead(text, values) : try await cancellable {
                    if let writer { try await writer.query(text, values) } else { try await coordinator.read(text, values, readOnly: readOnly) }
                }
                return .rows(result, tag: StatementKind.commandTag(sql, rows: result.rows.count))
            } catch let error as DuckDBError where Self.isToolIntrospection(sql) && error.kind != .interrupted {
                // A tool's catalog probe naming PostgreSQL catalog parts DuckDB lacks: no rows,
                // which every such tool reads as "nothing of that kind here".
                let empty = try await coordinator.read("SELECT NULL::VARCHAR AS unavailable WHERE false")
                return .rows(empty, tag: "SELECT 0")
            }
        case .write:
            let sql = CatalogCompatibility.hexByteaLiterals(sql)
            let changed = try await cancellable {
                if let writer { try await writer.execute(sql, values) } else { try await coordinator.write(sql, values, priority: priority) }
            }
            return .command(tag: StatementKind.commandTag(sql, rows: changed))
        case .immediate, .copyFromStdin, .copyToStdout:
            if values.isEmpty, let ddl = PostgresDDL.rewrite(sql) {
                // Several objects in one DROP/TRUNCATE, storage parameters: PostgreSQL's DDL in
                // DuckDB's terms, the statements in one transaction.
                let statements = ddl.statements
                _ = try await cancellable {
                    if let writer {
                        for statement in statements { _ = try await writer.execute(statement) }
                    } else {
                        _ = try await coordinator.transaction { context in
                            for statement in statements { _ = try context.execute(statement) }
                        }
                    }
                }
                let tag = StatementKind.commandTag(sql, rows: 0)
                guard let notice = ddl.notice else { return .command(tag: tag) }
                return .notice(.init(severity: "NOTICE", sqlState: "00000", message: notice), tag: tag)
            }
            let sql = CatalogCompatibility.hexByteaLiterals(sql)
            let changed = try await cancellable {
                if let writer { try await writer.execute(sql, values) } else { try await coordinator.immediateWrite(sql, values) }
            }
            return .command(tag: StatementKind.commandTag(sql, rows: changed))
        case .begin, .commit, .rollback:
            return .command(tag: "")
        }
    }

    /// Refuses (42501) what the session's role may not run; see ``StatementAuthorization``.
    func authorize(_ sql: String, kind: StatementKind) throws {
        try StatementAuthorization.check(sql, kind: kind, role: role, user: parameters.value(of: "user") ?? "", inspectsFiles: inspectsFiles)
    }

    /// `SHOW sharp.stats`.
    static func isStatsQuery(_ sql: String) -> Bool {
        SQLScript.stripComments(sql).trimmingWhitespace.trimmingCharacters(in: [";", " "]).lowercased()
            .split(whereSeparator: \.isWhitespace).joined(separator: " ") == "show sharp.stats"
    }

    /// Whether `sql` is a client's introspection of PostgreSQL's catalog (psql's `\\d` footers,
    /// drivers' type lookups), not a user's query.
    static func isToolIntrospection(_ sql: String) -> Bool {
        sql.contains("pg_catalog.") || sql.contains("information_schema.")
    }

    /// The query answering `SHOW name` of a session parameter; nil when DuckDB should answer
    /// the SHOW itself (`SHOW TABLES`, …).
    private func showQuery(_ sql: String) -> String? {
        let words = SQLScript.stripComments(sql).trimmingWhitespace.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2 else { return nil }
        var name = words.dropFirst().joined(separator: " ").trimmingCharacters(in: [";", " "])
        if name.uppercased() == "TIME ZONE" { name = "TimeZone" }
        guard let value = parameters.value(of: name) else { return nil }
        let column = parameters.displayName(of: name).lowercased().replacingOccurrences(of: "\"", with: "\"\"")
        return "SELECT \(CatalogCompatibility.quote(value)) AS \"\(column)\""
    }

    /// BEGIN: hold the writer for this session and open a transaction on it.
    private func begin() async throws -> StatementOutcome {
        if transaction != nil {
            return .notice(.init(severity: "WARNING", sqlState: "25001", message: "there is already a transaction in progress"), tag: "BEGIN")
        }
        // A read role's transaction is read-only in DuckDB itself.
        let writer = try await holdWriter(begin: role == .read ? "BEGIN TRANSACTION READ ONLY" : "BEGIN TRANSACTION")
        transaction = OpenTransaction(writer: writer)
        return .command(tag: "BEGIN")
    }

    /// COMMIT or ROLLBACK; a failed transaction always rolls back (tag ROLLBACK, as PostgreSQL).
    private func finish(commit: Bool) async throws -> StatementOutcome {
        guard let open = transaction else {
            return .notice(.init(severity: "WARNING", sqlState: "25P01", message: "there is no transaction in progress"),
                           tag: commit ? "COMMIT" : "ROLLBACK")
        }
        transaction = nil
        defer { _ = open }
        do {
            let committing = commit && !open.failed
            try await open.writer.execute(committing ? "COMMIT" : "ROLLBACK")
            await open.writer.release()
            return .command(tag: committing ? "COMMIT" : "ROLLBACK")
        } catch {
            await open.writer.release()
            throw error
        }
    }
}
