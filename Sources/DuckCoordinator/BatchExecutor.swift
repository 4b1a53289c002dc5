import DuckDBKit

/// Runs one batch of writes on the writer connection as one transaction.
///
/// Consecutive single-row INSERTs of one shape (same table and columns) run as one appender
/// run: those with bound values (`$n`, `?`) and those with literals (`VALUES (42, 'dk', 61.5)`,
/// as psycopg2 and pgbench's simple mode send them) alike, when each literal converts to the
/// value DuckDB's own cast would give for its column (``SQLLiteral/value(as:)``); a literal
/// that does not runs its statement the planned way. When an operation fails, the transaction is rolled back, that operation alone gets
/// the error, and the batch runs again without it: whatever returns success was committed,
/// whatever threw was not.
///
/// Two batches skip BEGIN/COMMIT (each costs DuckDB a parse and a round trip, which is most of
/// a lone write's cost): a single parameterised statement, which is its own transaction in
/// autocommit, and a batch that is one run of coalescible INSERTs, whose appender commits all of
/// its rows atomically when it closes. If that appender fails, nothing was committed and the
/// batch runs again the ordinary way, which names the culprit.
final class BatchExecutor {
    struct Outcome {
        var results: [Result<Int, Error>]
        var rowsWritten: Int
        var coalescedRows: Int
    }

    /// A failure inside the transaction: the operation to blame, when known.
    private struct SegmentFailure: Error {
        let operation: Int?
        let error: Error
    }

    /// A write that joins an appender run: where it goes and the row it appends.
    private struct AppendableRow {
        let target: InsertStatement
        let values: [DuckDBValue]
        /// The column types its literals were converted for (nil: no literals).
        let literalTypes: [String]?
    }

    /// A failure that names no operation: the appender's column types are not those the
    /// literals were converted for (the table changed); the batch runs again the planned way.
    private struct ColumnTypesChanged: Error {}

    private let connection: Connection
    private let statements: PreparedStatementCache
    /// Column types of INSERT targets, for converting literals; checked against the appender's
    /// own at every run that used them.
    private var columnTypes: [InsertStatement: [String]] = [:]
    /// Whether the write-key ledger exists (made before the first batch holding a keyed job).
    private var ledgerReady = false

    init(connection: Connection) {
        self.connection = connection
        statements = PreparedStatementCache(connection: connection)
    }

    /// Most rows of an appender run committed without BEGIN/COMMIT: far below DuckDB's own
    /// appender flush threshold (100 chunks), so the run is one flush, hence one transaction.
    static let autocommitRunLimit = 10_000

    /// Executes `operations` in order; returns one result per operation.
    func execute(_ operations: [WriteWork]) -> Outcome {
        if !ledgerReady, operations.contains(where: \.isKeyed) {
            // Outside the batch's transaction, so a rolled-back batch cannot take the table with it.
            do { try WriteKeyLedger.prepare(connection) } catch {
                return Outcome(results: operations.map { _ in .failure(error) }, rowsWritten: 0, coalescedRows: 0)
            }
            ledgerReady = true
        }
        let rows = operations.map(appendableRow)
        if let outcome = executeInAutocommit(operations, rows) { return outcome }
        var results = [Result<Int, Error>?](repeating: nil, count: operations.count)
        var pending = Array(operations.indices)
        var coalesce = true
        var attempts = 0
        var coalescedRows = 0
        while !pending.isEmpty {
            attempts += 1
            if attempts > 4 {
                // Many failures in one batch: find each culprit by running operations one by one.
                for index in pending { results[index] = runAlone(operations[index]) }
                pending = []
                break
            }
            var changed = [Int](repeating: 0, count: operations.count)
            var coalescedNow = 0
            do {
                try begin()
                var position = 0
                while position < pending.count {
                    let run = coalesce ? coalescibleRun(rows, pending, from: position) : 1
                    if run >= 2 {
                        try appendRun(rows, pending[position..<(position + run)], changed: &changed)
                        coalescedNow += run
                    } else {
                        let index = pending[position]
                        do { changed[index] = try perform(operations[index]) } catch {
                            throw SegmentFailure(operation: index, error: error)
                        }
                    }
                    position += run
                }
                do { try connection.execute("COMMIT") } catch {
                    throw SegmentFailure(operation: pending.count == 1 ? pending[0] : nil, error: error)
                }
                for index in pending { results[index] = .success(changed[index]) }
                coalescedRows += coalescedNow
                pending = []
            } catch let failure as SegmentFailure {
                rollback()
                if let culprit = failure.operation {
                    results[culprit] = .failure(failure.error)
                    pending.removeAll { $0 == culprit }
                } else {
                    // The culprit is unknown (an appender flush or COMMIT failed): retry
                    // statement by statement, which names it.
                    coalesce = false
                }
            } catch {
                // BEGIN itself failed: nothing ran; fail everyone with that error.
                rollback()
                for index in pending { results[index] = .failure(error) }
                pending = []
            }
        }
        var written = 0
        for case .success(let n)? in results { written += max(n, 0) }
        return Outcome(results: results.map { $0 ?? .failure(CoordinatorError.shutDown) },
                       rowsWritten: written, coalescedRows: coalescedRows)
    }

    /// The batches that need no explicit transaction (see the type's notes), or nil.
    private func executeInAutocommit(_ operations: [WriteWork], _ rows: [AppendableRow?]) -> Outcome? {
        // A lone statement with bound values runs its cached prepared statement (cheaper than
        // opening an appender for one row); one with literals appends, below.
        if operations.count == 1, case .statement(_, let parameters, let template) = operations[0], !parameters.isEmpty,
           template?.hasLiterals != true {
            do {
                let changed = try perform(operations[0])
                return Outcome(results: [.success(changed)], rowsWritten: max(changed, 0), coalescedRows: 0)
            } catch {
                return Outcome(results: [.failure(error)], rowsWritten: 0, coalescedRows: 0)
            }
        }
        let all = Array(operations.indices)
        // A lone INSERT that can append (a literal one, or a bound one) is a run of one here: the
        // appender's close commits it without DuckDB planning the statement.
        guard operations.count <= Self.autocommitRunLimit, rows.allSatisfy({ $0 != nil }),
              coalescibleRun(rows, all, from: 0) == operations.count else { return nil }
        var changed = [Int](repeating: 0, count: operations.count)
        do { try appendRun(rows, all[...], changed: &changed) } catch { return nil }
        return Outcome(results: changed.map { .success($0) }, rowsWritten: operations.count,
                       coalescedRows: operations.count)
    }

    /// Runs one operation in its own transaction.
    private func runAlone(_ operation: WriteWork) -> Result<Int, Error> {
        do {
            try begin()
            let changed = try perform(operation)
            try connection.execute("COMMIT")
            return .success(changed)
        } catch {
            rollback()
            return .failure(error)
        }
    }

    private func begin() throws { try connection.execute("BEGIN TRANSACTION") }

    private func rollback() { _ = try? connection.execute("ROLLBACK") }

    /// The row `operation` appends when it joins an appender run, or nil when it runs the
    /// planned way (not a single-row INSERT, a parameter count that does not match, or a literal
    /// that does not convert for its column).
    private func appendableRow(_ operation: WriteWork) -> AppendableRow? {
        guard case .statement(_, let parameters, let template?) = operation, parameters.count == template.parameterCount else {
            return nil
        }
        if template.isAllParameters {
            return AppendableRow(target: template.target, values: parameters, literalTypes: nil)
        }
        guard let types = columnTypes(of: template.target), types.count == template.values.count else { return nil }
        var values: [DuckDBValue] = []
        values.reserveCapacity(template.values.count)
        for (column, value) in template.values.enumerated() {
            switch value {
            case .parameter(let index): values.append(parameters[index])
            case .literal(let literal):
                guard let converted = literal.value(as: types[column]) else { return nil }
                values.append(converted)
            }
        }
        return AppendableRow(target: template.target, values: values, literalTypes: types)
    }

    /// The DuckDB type names of `target`'s columns (in the INSERT's order), from an appender
    /// opened for them; nil when none opens (no such table: the planned way reports it).
    private func columnTypes(of target: InsertStatement) -> [String]? {
        if let known = columnTypes[target] { return known }
        guard let appender = try? connection.appender(table: target.table, schema: target.schema, columns: target.columns) else {
            return nil
        }
        let types = appender.columnTypeNames
        try? appender.close()
        if columnTypes.count > 256 { columnTypes.removeAll() }
        columnTypes[target] = types
        return types
    }

    /// How many operations from `position` append into one target.
    private func coalescibleRun(_ rows: [AppendableRow?], _ pending: [Int], from position: Int) -> Int {
        guard let first = rows[pending[position]] else { return 1 }
        var end = position + 1
        while end < pending.count, let other = rows[pending[end]], other.target == first.target { end += 1 }
        return end - position
    }

    /// Appends a run of single-row INSERTs into one target.
    private func appendRun(_ rows: [AppendableRow?], _ run: ArraySlice<Int>, changed: inout [Int]) throws {
        guard let target = rows[run.first!]?.target else { return }
        let appender: Appender
        do { appender = try connection.appender(table: target.table, schema: target.schema, columns: target.columns) } catch {
            throw SegmentFailure(operation: run.first!, error: error)
        }
        if run.contains(where: { rows[$0]?.literalTypes != nil }) {
            let actual = appender.columnTypeNames
            if run.contains(where: { rows[$0]?.literalTypes.map { $0 != actual } ?? false }) {
                columnTypes[target] = nil
                try? appender.close()
                throw SegmentFailure(operation: nil, error: ColumnTypesChanged())
            }
        }
        for index in run {
            guard let row = rows[index] else { continue }
            do {
                try appender.appendRow(row.values)
            } catch {
                try? appender.clear()
                try? appender.close()
                throw SegmentFailure(operation: index, error: error)
            }
            changed[index] = 1
        }
        do { try appender.close() } catch { throw SegmentFailure(operation: nil, error: error) }
    }

    /// Runs one operation inside the current transaction.
    private func perform(_ operation: WriteWork) throws -> Int {
        switch operation {
        case .statement(let sql, let parameters, _):
            if parameters.isEmpty { return try connection.execute(sql) }
            let statement = try statements.statement(sql)
            try statement.bind(parameters)
            return try statement.execute()
        case .bulk(let shape, let rows):
            let appender = try connection.appender(table: shape.table, schema: shape.schema, columns: shape.columns)
            // Row widths were checked when the bulk insert was accepted (BulkShape.validate).
            for (number, row) in rows.enumerated() {
                do {
                    try appender.appendRow(row)
                } catch let error as DuckDBError {
                    try? appender.clear()
                    throw DuckDBError(error.kind, message: "row \(number): \(error.message)")
                }
            }
            try appender.close()
            return rows.count
        case .appended(let shape, let count, let append):
            let appender = try connection.appender(table: shape.table, schema: shape.schema, columns: shape.columns)
            do { try append(appender) } catch {
                try? appender.clear()
                throw error
            }
            try appender.close()
            return count
        case .job(let job, let counts):
            let changed = try WriteKeyLedger.run(job, on: connection, statements: statements)
            counts.value = changed
            return changed.reduce(0, +)
        }
    }

    /// Forgets what it knows of the catalog (after DDL or a transaction ran on the connection).
    func catalogMayHaveChanged() { columnTypes = [:] }

    /// Drops cached statements (before the connection closes).
    func close() { statements.close() }
}
