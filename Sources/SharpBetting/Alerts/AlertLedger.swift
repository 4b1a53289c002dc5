import DuckCoordinator
import DuckDBKit
import Foundation

/// Remembers what one ``AlertChannel`` has alerted (its ``AlertChannel/ledgerTable``), so the
/// same game/market/side (``AlertKey``) is never alerted twice by that channel unless its
/// confidence strengthens by at least ``minimumIncrease`` points. Channels do not see each
/// other's alerts: the monitor's never suppress the pre-game T−5 alert.
///
/// ```swift
/// let ledger = AlertLedger(db, channel: .monitor)
/// let due = try await ledger.due(result.signals)       // new, or stronger than last alerted
/// let alerts = due.map { Alert($0) }
/// for alert in alerts { try await sink.deliver(alert) }
/// try await ledger.record(alerts)
/// ```
public struct AlertLedger<Database: DatabaseCoordinating>: Sendable {
    /// The coordinator.
    public let db: Database
    /// Whose alerts this ledger remembers.
    public let channel: AlertChannel
    /// How many confidence points above the last alert count as strengthening.
    public let minimumIncrease: Double

    /// The ledger of `channel` over `db`. Confidence drifts up as first pitch nears (timing), so
    /// only an increase of `minimumIncrease` points (default 5) re-alerts.
    public init(_ db: Database, channel: AlertChannel, minimumIncrease: Double = 5) {
        self.db = db
        self.channel = channel
        self.minimumIncrease = minimumIncrease
    }

    /// The confidence last alerted on this channel for each game/market/side among `signals`.
    public func lastAlerted(_ signals: [SharpSignal]) async throws -> [AlertKey: Double] {
        guard !signals.isEmpty else { return [:] }
        let keys = Set(signals.map { $0.game.gameKey })
        let query: SQLQuery = """
            SELECT game_key, market, side, confidence FROM \(raw: channel.ledgerTable)
            WHERE game_key IN (\(list: keys.sorted().map(DuckDBValue.string)))
            """
        let rows = try await db.read(query)
        var last: [AlertKey: Double] = [:]
        for row in rows {
            guard let market = Market(rawValue: try row["market"]), let side = SharpSide(rawValue: try row["side"]) else { continue }
            last[AlertKey(gameKey: try row["game_key"], market: market, side: side)] = try row["confidence", as: Double.self]
        }
        return last
    }

    /// The signals to alert: never alerted, or now at least ``minimumIncrease`` more confident.
    /// Of several signals on one game/market/side, only the most confident is considered.
    public func due(_ signals: [SharpSignal]) async throws -> [SharpSignal] {
        let last = try await lastAlerted(signals)
        var best: [AlertKey: SharpSignal] = [:]
        for signal in signals {
            let key = AlertKey(signal)
            if let seen = best[key], seen.confidence.value >= signal.confidence.value { continue }
            best[key] = signal
        }
        return signals.filter { signal in
            let key = AlertKey(signal)
            guard best[key] == signal else { return false }
            guard let previous = last[key] else { return true }
            return signal.confidence.value >= previous + minimumIncrease
        }
    }

    /// Records that `alerts` were sent at `time` (one transaction).
    public func record(_ alerts: [Alert], at time: Date = Date()) async throws {
        guard !alerts.isEmpty else { return }
        try await db.transaction { [self] tx in try record(alerts, at: time, in: tx) }
    }

    /// Records that `alerts` were sent at `time`, inside the caller's transaction `tx`: the
    /// channel's ledger row of each game/market/side, and one `alert_log` row per alert (what
    /// the daily report lists).
    ///
    /// - Throws: a DuckDB error, which rolls the whole transaction back.
    public func record(_ alerts: [Alert], at time: Date, in tx: TransactionContext) throws {
        let table = channel.ledgerTable
        for alert in alerts {
            try tx.execute("""
                INSERT INTO \(table) (game_key, market, side, signal_id, confidence, alert_count, first_alerted_at, last_alerted_at)
                VALUES ($1, $2, $3, $4, $5, 1, $6, $7)
                ON CONFLICT (game_key, market, side) DO UPDATE SET
                    signal_id = excluded.signal_id, confidence = excluded.confidence,
                    alert_count = \(table).alert_count + 1, last_alerted_at = excluded.last_alerted_at
                """, [.string(alert.gameKey), .string(alert.market.rawValue), .string(alert.side.rawValue),
                      .string(alert.signalId), .double(alert.confidence), .timestampTZ(time), .timestampTZ(time)])
            try tx.execute("""
                INSERT INTO alert_log (channel, game_key, game_date, market, side, signal_id, sent_at, confidence,
                                       decision, headline, text)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                ON CONFLICT (channel, game_key, market, side, sent_at) DO UPDATE SET
                    signal_id = excluded.signal_id, confidence = excluded.confidence, decision = excluded.decision,
                    headline = excluded.headline, text = excluded.text
                """, [.string(channel.rawValue), .string(alert.gameKey), .date(alert.gameDate.duckDBDate),
                      .string(alert.market.rawValue), .string(alert.side.rawValue), .string(alert.signalId),
                      .timestampTZ(time), .double(alert.confidence),
                      alert.decision.map { .string($0.call.rawValue) } ?? .null, .string(alert.headline), .string(alert.text)])
        }
    }

}
