import DuckCoordinator
import DuckDBKit
import Foundation

/// Remembers what has been alerted (table `alert_ledger`, migration 11), so the same
/// game/market/side is never alerted twice unless its confidence strengthens by at least
/// ``minimumIncrease`` points.
///
/// ```swift
/// let ledger = AlertLedger(db)
/// let due = try await ledger.due(result.signals)       // new, or stronger than last alerted
/// for signal in due { try await sink.deliver(Alert(signal)) }
/// try await ledger.record(due)
/// ```
public struct AlertLedger<Database: DatabaseCoordinating>: Sendable {
    /// The coordinator.
    public let db: Database
    /// How many confidence points above the last alert count as strengthening.
    public let minimumIncrease: Double

    /// A ledger over `db`. Confidence drifts up as first pitch nears (timing), so only an
    /// increase of `minimumIncrease` points (default 5) re-alerts.
    public init(_ db: Database, minimumIncrease: Double = 5) {
        self.db = db
        self.minimumIncrease = minimumIncrease
    }

    /// The confidence last alerted for each game/market/side among `signals`.
    public func lastAlerted(_ signals: [SharpSignal]) async throws -> [String: Double] {
        guard !signals.isEmpty else { return [:] }
        let keys = Set(signals.map { $0.game.gameKey })
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ", ")
        let rows = try await db.read(
            "SELECT game_key, market, side, confidence FROM alert_ledger WHERE game_key IN (\(placeholders))",
            keys.sorted().map { .string($0) })
        var last: [String: Double] = [:]
        for row in rows {
            let key = "\(try row["game_key", as: String.self])|\(try row["market", as: String.self])|\(try row["side", as: String.self])"
            last[key] = try row["confidence", as: Double.self]
        }
        return last
    }

    /// The signals to alert: never alerted, or now at least ``minimumIncrease`` more confident.
    /// Of several signals on one game/market/side, only the most confident is considered.
    public func due(_ signals: [SharpSignal]) async throws -> [SharpSignal] {
        let last = try await lastAlerted(signals)
        var best: [String: SharpSignal] = [:]
        for signal in signals {
            let key = Self.key(signal)
            if let seen = best[key], seen.confidence.value >= signal.confidence.value { continue }
            best[key] = signal
        }
        return signals.filter { signal in
            let key = Self.key(signal)
            guard best[key] == signal else { return false }
            guard let previous = last[key] else { return true }
            return signal.confidence.value >= previous + minimumIncrease
        }
    }

    /// Records that `signals` were alerted at `time` (one transaction).
    public func record(_ signals: [SharpSignal], at time: Date = Date()) async throws {
        guard !signals.isEmpty else { return }
        try await db.transaction { tx in try Self.record(signals, at: time, in: tx) }
    }

    /// Records that `signals` were alerted at `time`, inside the caller's transaction `tx`.
    ///
    /// - Throws: a DuckDB error, which rolls the whole transaction back.
    public static func record(_ signals: [SharpSignal], at time: Date, in tx: TransactionContext) throws {
        for signal in signals {
            try tx.execute("""
                INSERT INTO alert_ledger (game_key, market, side, signal_id, confidence, alert_count, first_alerted_at, last_alerted_at)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                ON CONFLICT (game_key, market, side) DO UPDATE SET
                    signal_id = excluded.signal_id, confidence = excluded.confidence,
                    alert_count = alert_ledger.alert_count + 1, last_alerted_at = excluded.last_alerted_at
                """, [.string(signal.game.gameKey), .string(signal.market.rawValue), .string(signal.side.rawValue),
                      .string(signal.id), .double(signal.confidence.value), .timestampTZ(time), .timestampTZ(time)])
        }
    }

    static func key(_ signal: SharpSignal) -> String {
        "\(signal.game.gameKey)|\(signal.market.rawValue)|\(signal.side.rawValue)"
    }
}
