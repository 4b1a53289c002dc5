import DuckCoordinator
import DuckDBKit
import NIOCore

/// A statement from Parse: its SQL, how it is routed (decided once, at Parse), and the parameter
/// types the client declared (or not).
struct PreparedQuery {
    let sql: String
    let kind: StatementKind
    /// Where the session keeps what this Parse made (see ``ParsedStatements``).
    let key: ParsedStatements.Key
    /// The types the client declared (`.unspecified` where it left one open).
    let declaredTypes: [PostgresType]
    var parameterTypes: [PostgresType]
    /// DuckDB was asked for the types the client left open (whatever it could tell).
    var inferred = false
    /// The catalog generation that inference ran under (nil: not to be reused).
    var inferredUnder: UInt64?

    init(sql: String, key: ParsedStatements.Key, parameterTypes: [PostgresType]) {
        self.sql = sql
        kind = StatementKind(sql)
        self.key = key
        declaredTypes = parameterTypes
        self.parameterTypes = parameterTypes
    }

    /// This statement as a new Parse of the same text makes it: with DuckDB's inferred types
    /// only while the catalog is at the generation they were inferred under, else with the
    /// declared ones (Bind or Describe infer again).
    func reparsed(catalog: UInt64?) -> PreparedQuery {
        guard inferred, inferredUnder == nil || inferredUnder != catalog else { return self }
        var fresh = self
        fresh.parameterTypes = declaredTypes
        fresh.inferred = false
        fresh.inferredUnder = nil
        return fresh
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

extension SessionExecutor {
    /// Parse, Bind, Describe, Execute, Close (Sync and Flush are handled by the caller);
    /// Execute streams a read's rows as they are encoded. An Execute of `COPY … FROM STDIN`
    /// starts the COPY (what postgres-nio's `copyFrom` sends: the copy in the extended
    /// protocol, a Sync after CopyDone): the client's CopyData follows as further work.
    /// - Returns: whether COPY FROM STDIN started.
    @discardableResult
    func extended(_ message: FrontendMessage) async throws -> Bool {
        switch message {
        case .parse(let name, let query, let declared):
            let key = ParsedStatements.Key(text: query, declared: declared)
            if let known = parsed[key] {
                // The same text again (an unnamed statement per execution): classified,
                // authorized and typed already.
                self.statements[name] = known.reparsed(catalog: coordinator.catalogGeneration)
                pending.append(.parseComplete)
                return false
            }
            let count = max(SQLScript.parameterCount(query), declared.count)
            let types = (0..<count).map { index in index < declared.count ? PostgresType(rawValue: declared[index]) : .unspecified }
            let statements = SQLScript.split(query)
            guard statements.count <= 1 else {
                throw SessionError(SQLState.syntaxError, "cannot insert multiple commands into a prepared statement")
            }
            let query = PreparedQuery(sql: statements.first ?? "", key: key, parameterTypes: types)
            // Before DuckDB sees it: Describe prepares and probes the statement, which would
            // already read a file named in it.
            try authorize(query.sql, kind: query.kind)
            self.statements[name] = query
            parsed[key] = query
            pending.append(.parseComplete)
        case .bind(let bind):
            guard var query = statements[bind.statement] else {
                throw SessionError("26000", "prepared statement \"\(bind.statement)\" does not exist")
            }
            if query.parameterTypes.contains(.unspecified), !query.inferred {
                // Untyped parameters sent as text (pgbench -M extended: `abalance + $1`) take
                // the type DuckDB infers from their context, as PostgreSQL's would.
                query = await inferringParameterTypes(query)
                statements[bind.statement] = query
                parsed[query.key] = query
            }
            guard bind.parameters.count == query.parameterTypes.count else {
                throw SessionError(SQLState.protocolViolation,
                                   "bind message supplies \(bind.parameters.count) parameters, but prepared statement \"\(bind.statement)\" requires \(query.parameterTypes.count)")
            }
            var values: [DuckDBValue] = []
            for (index, bytes) in bind.parameters.enumerated() {
                let format = StatementOutcome.format(bind.parameterFormats, index)
                let value = try ValueEncoding.parameter(bytes, binary: format == 1, type: query.parameterTypes[index])
                values.append(query.parameterTypes[index] == .unspecified ? Self.untyped(value) : value)
            }
            portals[bind.portal] = Portal(query: query, values: values, resultFormats: bind.resultFormats)
            pending.append(.bindComplete)
        case .describe(let kind, let name):
            if kind == UInt8(ascii: "S") {
                guard var query = statements[name] else { throw SessionError("26000", "prepared statement \"\(name)\" does not exist") }
                if query.parameterTypes.contains(.unspecified), !query.inferred {
                    // The client left types to the server (asyncpg, JDBC's setNull): say what
                    // DuckDB infers, and decode its Bind values as that.
                    query = await inferringParameterTypes(query)
                    statements[name] = query
                    parsed[query.key] = query
                }
                pending.append(.parameterDescription(query.parameterTypes.map { $0 == .unspecified ? PostgresType.text.rawValue : $0.rawValue }))
                pending.append(try await describeStatement(query))
            } else {
                guard var portal = portals[name] else { throw SessionError("34000", "portal \"\(name)\" does not exist") }
                if portal.query.kind == .read, portal.outcome == nil {
                    // Described from preparing it: the rows stream at Execute.
                    pending.append(try await describeRead(portal.query, formats: portal.resultFormats, values: portal.values))
                    return false
                }
                if portal.query.kind == .show {
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
                return false
            }
            if portal.query.kind == .copyFromStdin {
                try await startCopyIn(portal.query.sql)
                return true
            }
            if portal.outcome == nil, maxRows <= 0, portal.query.kind == .read || portal.query.kind == .copyToStdout {
                // Every row at once: streamed from DuckDB as the client takes them.
                portals[name] = nil
                try await streamStatement(portal.query.sql, kind: portal.query.kind, values: portal.values,
                                          formats: portal.resultFormats, describe: false)
                return false
            }
            if portal.outcome == nil { portal.outcome = try await run(portal) }
            switch portal.outcome! {
            case .rows(let result, let tag):
                let fields = StatementOutcome.fields(of: result, formats: portal.resultFormats)
                let end = maxRows > 0 ? min(result.rows.count, portal.rowsSent + Int(maxRows)) : result.rows.count
                let from = portal.rowsSent
                portal.rowsSent = end // a transfer stopped by a cancel does not resume on the next Execute
                portals[name] = portal
                pending += StatementOutcome.dataRows(result.rows[from..<end], fields: fields)
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
        return false
    }

    private func run(_ portal: Portal) async throws -> StatementOutcome {
        return try await execute(portal.query.sql, portal.values, kind: portal.query.kind)
    }

    /// A text parameter whose type neither the client nor DuckDB could tell (`abalance + $1`:
    /// DuckDB cannot choose between INTEGER + INTEGER and INTEGER + DATE for a string): a
    /// number when it reads as one, as PostgreSQL resolves an unknown literal from its context.
    static func untyped(_ value: DuckDBValue) -> DuckDBValue {
        guard case .string(let text) = value else { return value }
        if let integer = Int64(text) { return .int(integer) }
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let double = Double(text), double.isFinite { return .double(double) }
        return value
    }

    /// `query` with its undeclared parameter types filled in from DuckDB's inference (unchanged
    /// where DuckDB cannot tell, or the statement does not prepare on a reader).
    private func inferringParameterTypes(_ query: PreparedQuery) async -> PreparedQuery {
        let sql = CatalogCompatibility.rewrite(query.sql, parameters: parameters, duckDBVersion: duckDBVersion)
        // Read before DuckDB is asked: types inferred while DDL commits carry the older count.
        // Inside a transaction the reader does not see the session's own uncommitted DDL, so
        // what is inferred there is not kept for the next Parse.
        let catalog = transaction == nil ? coordinator.catalogGeneration : nil
        var unchanged = query
        unchanged.inferred = true
        unchanged.inferredUnder = catalog
        guard let inferred = try? await coordinator.parameterTypeNames(of: sql), inferred.count == query.parameterTypes.count else { return unchanged }
        let types = zip(query.parameterTypes, inferred).map { declared, name in
            declared != .unspecified ? declared : name.map { PostgresType(duckDBTypeName: $0) } ?? .unspecified
        }
        var typed = unchanged
        typed.parameterTypes = types
        return typed
    }

    /// The RowDescription of a statement before it is bound: a read's columns from preparing
    /// it (nothing runs); SHOW runs as it is (it changes nothing); anything else has NoData.
    /// (postgres-nio and asyncpg describe every statement before binding it, and a row
    /// arriving after NoData is a protocol error to them.)
    private func describeStatement(_ query: PreparedQuery) async throws -> BackendMessage {
        if query.kind == .show {
            let nulls = [DuckDBValue](repeating: .null, count: query.parameterTypes.count)
            guard case .rows(let result, _) = try await execute(query.sql, nulls, kind: query.kind) else { return .noData }
            return .rowDescription(StatementOutcome.fields(of: result, formats: []))
        }
        guard query.kind == .read else { return .noData }
        let first = SQLScript.keywords(query.sql, count: 1).first ?? ""
        guard ["SELECT", "WITH", "VALUES", "FROM", "TABLE"].contains(first) else {
            // PRAGMA, DESCRIBE, EXPLAIN, …: described when DuckDB can say, else NoData.
            return (try? await describeRead(query, formats: [])) ?? .noData
        }
        return try await describeRead(query, formats: [])
    }

    /// A read's RowDescription: from preparing it when it has no parameters or none declared;
    /// otherwise by running it for no rows with `values` (a portal's) or a value of each
    /// declared type, not NULL, so `CASE … THEN $1` describes as the type the client declared
    /// (postgres-nio declares every parameter) rather than DuckDB's NULL type. A tool's catalog
    /// probe DuckDB cannot answer is described as the empty result it will get.
    private func describeRead(_ query: PreparedQuery, formats: [Int16], values: [DuckDBValue]? = nil) async throws -> BackendMessage {
        do {
            if let values = values ?? (query.parameterTypes.contains { $0 != .unspecified } ? query.parameterTypes.map(\.describingValue) : nil),
               !values.isEmpty {
                let text = CatalogCompatibility.rewrite(query.sql, parameters: parameters, duckDBVersion: duckDBVersion)
                let result = try await collectRead("SELECT * FROM (\(text)) AS described LIMIT 0", values)
                return .rowDescription(StatementOutcome.fields(of: result, formats: formats))
            }
            let columns = try await describeColumns(query.sql)
            return .rowDescription(ChunkEncoder(columns: columns, shape: .rows(formats: formats, describe: false)).fields)
        } catch let error as DuckDBError where Self.isToolIntrospection(query.sql) && error.kind != .interrupted {
            return .rowDescription([.init(name: "unavailable", typeOID: PostgresType.varchar.rawValue)])
        }
    }
}
