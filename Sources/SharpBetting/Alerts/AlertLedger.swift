import DuckCoordinator
import DuckDBKit
import Foundation

/// Remembers what one ``AlertChannel`` has alerted (its ``AlertChannel/ledgerTable``), so the
/// same game/market/side (``AlertKey``) is never alerted twice by that channel unless its
/// confidence strengthens by at least ``minimumIncrease`` points. Channels do not see each
/// other's alerts: the monitor's never suppress the pre-game T−5 alert.
///
/// Several processes (on several hosts) may alert from one database at once: an alert is
/// **claimed** before it goes out (``claim(_:at:)``), one conditional
/// `INSERT … ON CONFLICT … DO UPDATE … WHERE` per pick, so of two processes that find the same
/// pick due only the one whose statement changed the row sends it; PostgreSQL makes the second
/// wait for the first to commit, the sharp owner runs them one after the other. A claim whose
/// alert no sink took is given back (``release(_:previous:)``).
///
/// ```swift
/// let ledger = AlertLedger(db, channel: .monitor)
/// let due = try await ledger.due(result.signals)       // new, or stronger than last alerted
/// let mine = try await ledger.claim(due, at: Date())   // the ones no other process sent meanwhile
/// let alerts = mine.map { Alert($0) }
/// for alert in alerts { try await sink.deliver(alert) }
/// try await ledger.record(alerts, at: Date(), claimed: true)   // the alert log (the ledger holds them already)
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

    /// One row of the ledger: the last alert of a pick.
    public struct Entry: Sendable, Hashable {
        /// The signal last alerted.
        public var signalId: String
        /// Its confidence then.
        public var confidence: Double
        /// How many times the pick was alerted.
        public var alertCount: Int
        /// When it was last alerted.
        public var lastAlertedAt: Date
    }

    /// The confidence last alerted on this channel for each game/market/side among `signals`.
    public func lastAlerted(_ signals: [SharpSignal]) async throws -> [AlertKey: Double] {
        try await entries(signals).mapValues(\.confidence)
    }

    /// The ledger rows of the games/markets/sides among `signals`.
    public func entries(_ signals: [SharpSignal]) async throws -> [AlertKey: Entry] {
        guard !signals.isEmpty else { return [:] }
        let keys = Set(signals.map { $0.game.gameKey })
        let query: SQLQuery = """
            SELECT game_key, market, side, signal_id, confidence, alert_count, last_alerted_at FROM \(raw: channel.ledgerTable)
            WHERE game_key IN (\(list: keys.sorted().map(DuckDBValue.string)))
            """
        var entries: [AlertKey: Entry] = [:]
        for row in try await db.read(query) {
            guard let market = Market(rawValue: try row["market"]), let side = SharpSide(rawValue: try row["side"]) else { continue }
            entries[AlertKey(gameKey: try row["game_key"], market: market, side: side)] = Entry(
                signalId: try row["signal_id"], confidence: try row["confidence"], alertCount: try row["alert_count"],
                lastAlertedAt: try row["last_alerted_at"])
        }
        return entries
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

    /// Records `signals` as alerted at `time` where they are still due when the statement runs
    /// (never alerted, or ``minimumIncrease`` stronger than the ledger says now), in one job;
    /// returns those it recorded: the ones this process may send. One signal per pick.
    public func claim(_ signals: [SharpSignal], at time: Date) async throws -> [SharpSignal] {
        guard !signals.isEmpty else { return [] }
        var job = StoreJob()
        let statements = signals.map { signal in
            job.add([upsert(AlertKey(signal), signalId: signal.id, confidence: signal.confidence.value, at: time, onlyIfStronger: true)])
        }
        let changed = try await job.run(on: db, priority: .critical)
        return zip(signals, statements).filter { changed.total(of: $0.1) > 0 }.map(\.0)
    }

    /// Gives back the claim of `signal` (its alert reached no sink): the ledger row returns to
    /// `previous` (what ``entries(_:)`` read before the claim), or goes when there was none, so
    /// the pick is due again. A row another process has claimed since is left alone.
    public func release(_ signal: SharpSignal, previous: Entry?) async throws {
        let table = channel.ledgerTable
        let key: SQLQuery = """
            game_key = \(.string(signal.game.gameKey)) AND market = \(.string(signal.market.rawValue))
            AND side = \(.string(signal.side.rawValue)) AND signal_id = \(.string(signal.id))
            AND confidence = \(.double(signal.confidence.value))
            """
        let query: SQLQuery = if let previous {
            """
            UPDATE \(raw: table) SET signal_id = \(.string(previous.signalId)), confidence = \(.double(previous.confidence)),
                alert_count = \(.int(Int64(previous.alertCount))), last_alerted_at = \(.timestampTZ(previous.lastAlertedAt))
            WHERE \(key)
            """
        } else {
            "DELETE FROM \(raw: table) WHERE \(key)"
        }
        try await db.write(query, priority: .critical)
    }

    /// Records that `alerts` were sent at `time` (one job): one `alert_log` row per alert (what
    /// the daily report lists), and — unless they were ``claim(_:at:)``ed — the channel's ledger
    /// row of each game/market/side.
    public func record(_ alerts: [Alert], at time: Date = Date(), claimed: Bool = false) async throws {
        guard !alerts.isEmpty else { return }
        var job = StoreJob()
        job.add(statements(recording: alerts, at: time, claimed: claimed))
        _ = try await job.run(on: db, priority: .critical)
    }

    /// Records that `alerts` were sent at `time`, inside the caller's transaction `tx` (ledger
    /// rows unless `claimed`, and the alert log).
    ///
    /// - Throws: a DuckDB error, which rolls the whole transaction back.
    public func record(_ alerts: [Alert], at time: Date, claimed: Bool = false, in tx: TransactionContext) throws {
        for statement in statements(recording: alerts, at: time, claimed: claimed) { try tx.execute(statement) }
    }

    /// The statements recording `alerts` sent at `time`: the ledger's rows (unless `claimed`:
    /// the claim wrote them) and one `alert_log` row each (one statement for all of them).
    func statements(recording alerts: [Alert], at time: Date, claimed: Bool) -> [SQLQuery] {
        var statements: [SQLQuery] = []
        if !claimed {
            statements += alerts.map { alert in
                upsert(AlertKey(alert), signalId: alert.signalId, confidence: alert.confidence, at: time, onlyIfStronger: false)
            }
        }
        // One statement for every alert's log row: DuckDB spends milliseconds on each
        // `ON CONFLICT` statement whatever its size. A statement may touch a row once, so of
        // alerts of one pick only the last is logged (as one statement each would have left it).
        var last: [AlertKey: Int] = [:]
        for (index, alert) in alerts.enumerated() { last[AlertKey(alert)] = index }
        let rows = alerts.indices.filter { last[AlertKey(alerts[$0])] == $0 }.map { index -> SQLQuery in
            let alert = alerts[index]
            return """
                (\(.string(channel.rawValue)), \(.string(alert.gameKey)), \(.date(alert.gameDate.duckDBDate)),
                 \(.string(alert.market.rawValue)), \(.string(alert.side.rawValue)), \(.string(alert.signalId)),
                 \(.timestampTZ(time)), \(.double(alert.confidence)),
                 \(alert.decision.map { .string($0.call.rawValue) } ?? .null), \(.string(alert.headline)), \(.string(alert.text)))
                """
        }
        guard !rows.isEmpty else { return statements }
        statements.append("""
            INSERT INTO alert_log (channel, game_key, game_date, market, side, signal_id, sent_at, confidence,
                                   decision, headline, text)
            VALUES \(SQLQuery.joined(rows, separator: ", "))
            ON CONFLICT (channel, game_key, market, side, sent_at) DO UPDATE SET
                signal_id = excluded.signal_id, confidence = excluded.confidence, decision = excluded.decision,
                headline = excluded.headline, text = excluded.text
            """)
        return statements
    }

    /// The statement recording one alert of the pick `key` (signal `signalId` at `confidence`):
    /// inserted, or the pick's row updated (its count up by one); with `onlyIfStronger` only
    /// where the row's confidence is at least ``minimumIncrease`` below, so it changes a row
    /// exactly when the alert is due.
    func upsert(_ key: AlertKey, signalId: String, confidence: Double, at time: Date, onlyIfStronger: Bool) -> SQLQuery {
        let table = channel.ledgerTable
        let condition: SQLQuery = onlyIfStronger
            ? "WHERE excluded.confidence >= \(raw: table).confidence + \(.double(minimumIncrease))" : ""
        return """
            INSERT INTO \(raw: table) (game_key, market, side, signal_id, confidence, alert_count, first_alerted_at, last_alerted_at)
            VALUES (\(.string(key.gameKey)), \(.string(key.market.rawValue)), \(.string(key.side.rawValue)),
                    \(.string(signalId)), \(.double(confidence)), 1, \(.timestampTZ(time)), \(.timestampTZ(time)))
            ON CONFLICT (game_key, market, side) DO UPDATE SET
                signal_id = excluded.signal_id, confidence = excluded.confidence,
                alert_count = \(raw: table).alert_count + 1, last_alerted_at = excluded.last_alerted_at
            \(condition)
            """
    }
}
