import DuckCoordinator
import DuckDBKit
import NIOCore

/// A statement from Parse: its SQL, how it is routed (decided once, at Parse), and the parameter
/// types the client declared (or not).
struct PreparedQuery {
    let sql: String
    let kind: StatementKind
    var parameterTypes: [PostgresType]

    init(sql: String, parameterTypes: [PostgresType]) {
        self.sql = sql
        kind = StatementKind(sql)
        self.parameterTypes = parameterTypes
    }
}

/// A portal from Bind: a statement with its values, and its result once run.
struct Portal {
    let query: PreparedQuery
    let values: [DuckDBValue]
    let resultFormats: [Int16]
    var outcome: StatementOutcome?
    var rowsSent = 0
}

extension PostgresSession {
    /// Parse, Bind, Describe, Execute, Close (Sync and Flush are handled by the caller);
    /// Execute sends its rows through `outbound` as they are encoded. An Execute of
    /// `COPY … FROM STDIN` reads the client's CopyData from `messages` (what postgres-nio's
    /// `copyFrom` sends: the copy in the extended protocol, a Sync after CopyDone).
    func extended(_ message: FrontendMessage, _ messages: inout Inbound, _ outbound: Outbound) async throws {
        switch message {
        case .parse(let name, let query, let declared):
            let count = max(SQLScript.parameterCount(query), declared.count)
            let types = (0..<count).map { index in index < declared.count ? PostgresType(rawValue: declared[index]) : .unspecified }
            let statements = SQLScript.split(query)
            guard statements.count <= 1 else {
                throw SessionError(SQLState.syntaxError, "cannot insert multiple commands into a prepared statement")
            }
            self.statements[name] = PreparedQuery(sql: statements.first ?? "", parameterTypes: types)
            pending.append(.parseComplete)
        case .bind(let bind):
            guard let query = statements[bind.statement] else {
                throw SessionError("26000", "prepared statement \"\(bind.statement)\" does not exist")
            }
            guard bind.parameters.count == query.parameterTypes.count else {
                throw SessionError(SQLState.protocolViolation,
                                   "bind message supplies \(bind.parameters.count) parameters, but prepared statement \"\(bind.statement)\" requires \(query.parameterTypes.count)")
            }
            var values: [DuckDBValue] = []
            for (index, bytes) in bind.parameters.enumerated() {
                let format = StatementOutcome.format(bind.parameterFormats, index)
                values.append(try ValueEncoding.parameter(bytes, binary: format == 1, type: query.parameterTypes[index]))
            }
            portals[bind.portal] = Portal(query: query, values: values, resultFormats: bind.resultFormats)
            pending.append(.bindComplete)
        case .describe(let kind, let name):
            if kind == UInt8(ascii: "S") {
                guard var query = statements[name] else { throw SessionError("26000", "prepared statement \"\(name)\" does not exist") }
                if query.parameterTypes.contains(.unspecified) {
                    // The client left types to the server (asyncpg, JDBC's setNull): say what
                    // DuckDB infers, and decode its Bind values as that.
                    query = await inferringParameterTypes(query)
                    statements[name] = query
                }
                pending.append(.parameterDescription(query.parameterTypes.map { $0 == .unspecified ? PostgresType.text.rawValue : $0.rawValue }))
                pending.append(try await describeStatement(query))
            } else {
                guard var portal = portals[name] else { throw SessionError("34000", "portal \"\(name)\" does not exist") }
                if portal.query.kind == .read || portal.query.kind == .show {
                    if portal.outcome == nil { portal.outcome = try await run(portal) }
                    portals[name] = portal
                }
                if case .rows(let result, _)? = portal.outcome {
                    pending.append(.rowDescription(StatementOutcome.fields(of: result, formats: portal.resultFormats)))
                } else {
                    pending.append(.noData)
                }
            }
        case .execute(let name, let maxRows):
            guard var portal = portals[name] else { throw SessionError("34000", "portal \"\(name)\" does not exist") }
            if portal.query.sql.isEmpty {
                pending.append(.emptyQueryResponse)
                return
            }
            if portal.query.kind == .copyFromStdin {
                try await copyFromStdin(portal.query.sql, &messages, outbound)
                return
            }
            if portal.outcome == nil { portal.outcome = try await run(portal) }
            switch portal.outcome! {
            case .rows(let result, let tag):
                let fields = StatementOutcome.fields(of: result, formats: portal.resultFormats)
                let end = maxRows > 0 ? min(result.rows.count, portal.rowsSent + Int(maxRows)) : result.rows.count
                let from = portal.rowsSent
                portal.rowsSent = end // a transfer stopped by a cancel does not resume on the next Execute
                portals[name] = portal
                try await sendRows(result.rows[from..<end], fields: fields, outbound)
                pending.append(end < result.rows.count ? .portalSuspended : .commandComplete(tag))
            case .command(let tag):
                pending.append(.commandComplete(tag))
            case .notice(let fields, let tag):
                pending.append(.notice(fields))
                pending.append(.commandComplete(tag))
            }
            portals[name] = portal
        case .close(let kind, let name):
            if kind == UInt8(ascii: "S") { statements[name] = nil } else { portals[name] = nil }
            pending.append(.closeComplete)
        default:
            break
        }
    }

    private func run(_ portal: Portal) async throws -> StatementOutcome {
        return try await execute(portal.query.sql, portal.values, kind: portal.query.kind)
    }

    /// `query` with its undeclared parameter types filled in from DuckDB's inference (unchanged
    /// where DuckDB cannot tell, or the statement does not prepare on a reader).
    private func inferringParameterTypes(_ query: PreparedQuery) async -> PreparedQuery {
        let sql = CatalogCompatibility.rewrite(query.sql, parameters: parameters, duckDBVersion: duckDBVersion)
        guard let inferred = try? await coordinator.parameterTypeNames(of: sql), inferred.count == query.parameterTypes.count else { return query }
        let types = zip(query.parameterTypes, inferred).map { declared, name in
            declared != .unspecified ? declared : name.map { PostgresType(duckDBTypeName: $0) } ?? .unspecified
        }
        var typed = query
        typed.parameterTypes = types
        return typed
    }

    /// The RowDescription of a statement before it is bound: a query runs once with NULL
    /// parameters and no rows (`LIMIT 0`) to learn its columns; SHOW and the other reads that
    /// cannot be wrapped (PRAGMA, DESCRIBE, …) run as they are (they change nothing); anything
    /// else has NoData. (postgres-nio and asyncpg describe every statement before binding it,
    /// and a row arriving after NoData is a protocol error to them.)
    private func describeStatement(_ query: PreparedQuery) async throws -> BackendMessage {
        let first = SQLScript.keywords(query.sql, count: 1).first ?? ""
        if query.kind == .show || (query.kind == .read && !["SELECT", "WITH", "VALUES", "FROM", "TABLE"].contains(first)) {
            let nulls = [DuckDBValue](repeating: .null, count: query.parameterTypes.count)
            guard case .rows(let result, _) = try await execute(query.sql, nulls, kind: query.kind) else { return .noData }
            return .rowDescription(StatementOutcome.fields(of: result, formats: []))
        }
        guard ["SELECT", "WITH", "VALUES", "FROM", "TABLE"].contains(first) else { return .noData }
        let probe = "SELECT * FROM (\(CatalogCompatibility.rewrite(query.sql, parameters: parameters, duckDBVersion: duckDBVersion))) AS described LIMIT 0"
        let nulls = [DuckDBValue](repeating: .null, count: query.parameterTypes.count)
        let coordinator = coordinator
        let writer = transaction?.writer
        let result = try await cancellable {
            if let writer { try await writer.query(probe, nulls) } else { try await coordinator.read(probe, nulls) }
        }
        return .rowDescription(StatementOutcome.fields(of: result, formats: []))
    }
}
