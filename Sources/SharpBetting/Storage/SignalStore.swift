import DuckCoordinator
import DuckDBKit
import Foundation

/// Stores signals in `sharp_signals` (one transaction per save) and reads them back.
///
/// Saving is idempotent: a signal's id is stable (game, market, side, rules), and saving it
/// again updates its row (confidence, evidence, times) instead of adding one. The whole signal
/// is kept as JSON in `details` (migration 10), so ``signals(on:)`` returns exactly what was saved;
/// its decision (BET or PASS, best and break-even prices, edge) also has columns of its own
/// (migration 20), PASS signals included, so SQL can tell bets from passes.
///
/// ```swift
/// let store = SignalStore(db)
/// try await store.save(result.signals)                 // one job, one commit, done before it returns
/// // or inside a larger transaction, with the run's other rows:
/// try await db.transaction { tx in try SignalStore<DatabaseCoordinator>.save(result.signals, in: tx) }
/// let today = try await store.signals(on: SlateDate("2025-06-17")!)
/// ```
public struct SignalStore<Database: DatabaseCoordinating>: Sendable {
    /// The coordinator written to.
    public let db: Database

    /// A store over `db` (migrated with ``SchemaMigrator``).
    public init(_ db: Database) { self.db = db }

    private static var columns: [String] {
        ["signal_id", "game_key", "game_id", "game_date", "game_time", "away", "home", "market", "side", "pick",
         "rules", "differential", "books", "line_movement", "price", "confidence", "confidence_label",
         "explanation", "detected_at", "snapshot_at", "line", "details", "decision", "best_price", "best_price_source",
         "fair_probability", "break_even_price", "edge", "min_edge"]
    }

    /// Inserts or updates `signals` in one job (one commit); returns the rows written.
    @discardableResult
    public func save(_ signals: [SharpSignal]) async throws -> Int {
        guard !signals.isEmpty else { return 0 }
        var job = StoreJob()
        let statements = job.add(try Self.upsert(signals))
        return try await job.run(on: db, priority: .critical).total(of: statements)
    }

    /// Inserts or updates `signals` inside the transaction `tx`, so they commit (or roll back)
    /// with the caller's other rows; returns the rows written.
    ///
    /// - Throws: an encoding or DuckDB error, which rolls the whole transaction back.
    @discardableResult
    public static func save(_ signals: [SharpSignal], in tx: TransactionContext) throws -> Int {
        try upsert(signals).reduce(0) { total, statement in total + (try tx.execute(statement.sql, statement.rows[0])) }
    }

    /// The statements inserting or updating `signals` (multi-row `INSERT … ON CONFLICT
    /// (signal_id) DO UPDATE`; of two signals with one id, the last wins).
    static func upsert(_ signals: [SharpSignal]) throws -> [WriteJob.Statement] {
        var latest: [String: SharpSignal] = [:]
        var order: [String] = []
        for signal in signals {
            if latest.updateValue(signal, forKey: signal.id) == nil { order.append(signal.id) }
        }
        let columns = Self.columns
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return MultiRowInsert(table: "sharp_signals", columns: columns, suffix: "ON CONFLICT (signal_id) DO UPDATE SET \(updates)")
            .statements(try order.map { try values(of: latest[$0]!) })
    }

    /// The signals stored for `gameDate`, most confident first. With `latestPerSide`, only the
    /// most recently detected signal of each game/market/side (rule sets can change between runs).
    public func signals(on gameDate: SlateDate, latestPerSide: Bool = false) async throws -> [SharpSignal] {
        let stored: SQLQuery = "sharp_signals WHERE game_date = \(.date(gameDate.duckDBDate)) AND details IS NOT NULL"
        let source = latestPerSide
            ? "(\(PortableSQL.firstPerGroup(of: stored, partitionBy: "game_key, market, side", orderBy: "detected_at DESC, confidence DESC"))) latest"
            : stored
        let query: SQLQuery = "SELECT signal_id, details FROM \(source) ORDER BY confidence DESC, signal_id"
        let rows = try await db.read(query)
        let decoder = SharpJSON.decoder()
        return try rows.map { row in
            let details: String = try row["details"]
            return try decoder.decode(SharpSignal.self, from: Data(details.utf8))
        }
    }

    static func values(of signal: SharpSignal) throws -> [DuckDBValue] {
        let game = signal.game
        return [
            .string(signal.id), .string(game.gameKey), game.gameId.map { .int(Int64($0)) } ?? .null,
            .date(game.gameDate.duckDBDate), game.firstPitch.map { .timestampTZ($0) } ?? .null,
            .string(game.away.rawValue), .string(game.home.rawValue), .string(signal.market.rawValue),
            .string(signal.side.rawValue), .string(signal.pick),
            .string(signal.rules.map(\.rawValue).joined(separator: ",")),
            signal.headlineDifferential.map { .double($0) } ?? .null,
            .string(signal.origins.map(\.key).joined(separator: ",")),
            signal.lineMovement.map { .double($0) } ?? .null, signal.price.map { .double($0) } ?? .null,
            .double(signal.confidence.value), .string(signal.confidence.label.rawValue), .string(signal.explanation),
            .timestampTZ(signal.detectedAt), .timestampTZ(signal.snapshotAt),
            signal.line.map { .double($0) } ?? .null,
            .string(try SharpJSON.line(signal)),
            signal.decision.map { .string($0.call.rawValue) } ?? .null,
            signal.decision?.best.map { .double($0.price) } ?? .null,
            signal.decision?.best.map { .string($0.source) } ?? .null,
            signal.decision?.fairProbability.map { .double($0) } ?? .null,
            signal.decision?.breakEvenPrice.map { .double($0) } ?? .null,
            signal.decision?.edge.map { .double($0) } ?? .null,
            signal.decision.map { .double($0.minimumEdge) } ?? .null,
        ]
    }
}
