import DuckCoordinator
import DuckDBKit

/// Statements that commit together as one ``WriteJob`` on the writer: everything one step
/// stores (a capture's games, splits, prices and odds) with no read before the write, so there
/// is no window for another writer between a look and an insert: dedupe is the tables' own keys
/// (`INSERT … ON CONFLICT`). Each store adds its statements and later reads back the rows its
/// own statements changed. In process the job joins the writer's group commit; through a sharp
/// owner or PostgreSQL it is one transaction on one connection.
///
/// ```swift
/// var job = StoreJob()
/// let games = job.add(GameStore.upsertStatements(schedule, seenAt: now))
/// let prices = job.add(BookPriceStore.insertStatements(keyedPrices))
/// let changed = try await job.run(on: db, priority: .normal)
/// print(changed.total(of: games), "games written,", changed.total(of: prices), "prices stored")
/// ```
///
/// Contract: all statements commit or none does (an error rolls the whole job back); each
/// statement runs once (multi-row statements, see ``MultiRowInsert``).
struct StoreJob: Sendable {
    private(set) var statements: [WriteJob.Statement] = []

    /// Adds `statements`, each run once with its values; returns where they sit, to read their
    /// counts from the result.
    @discardableResult
    mutating func add(_ statements: [SQLQuery]) -> Range<Int> {
        add(statements.map { WriteJob.Statement(sql: $0.sql, rows: [$0.parameters]) })
    }

    /// Adds `statements` (a ``MultiRowInsert``'s, with their staged forms); returns where they
    /// sit, to read their counts from the result.
    @discardableResult
    mutating func add(_ statements: [WriteJob.Statement]) -> Range<Int> {
        let start = self.statements.count
        self.statements += statements
        return start..<self.statements.count
    }

    var isEmpty: Bool { statements.isEmpty }

    /// Runs the job in one transaction; returns the rows each statement changed.
    func run(on db: some DatabaseCoordinating, priority: OperationPriority) async throws -> StoreJobResult {
        guard !statements.isEmpty else { return StoreJobResult(changed: []) }
        let job = WriteJob(statements)
        return StoreJobResult(changed: try await db.perform(job, priority: priority))
    }
}

/// The rows each statement of a ``StoreJob`` changed, in order.
struct StoreJobResult: Sendable {
    let changed: [Int]

    /// The rows changed by the statements at `range` (what ``StoreJob/add(_:)`` returned).
    func total(of range: Range<Int>) -> Int { changed[range].reduce(0, +) }
}
