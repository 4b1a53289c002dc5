import CoreMetrics
import DuckCoordinator
import DuckDBKit
import Foundation
import Logging

/// Runs DOMAIN.md's detection rules as SQL over the latest stored snapshots and returns typed
/// signals, book conflicts and filtered signals.
///
/// All queries are reads, so they run in parallel on the coordinator's reader pool. Which
/// snapshots count: the day's, taken at or before `asOf`, not after first pitch, and — with
/// ``DetectionConfig/snapshotWindowMinutes`` — only those taken that close to first pitch; the
/// latest per game/market/source/book is what the `betting_splits` view would show.
///
/// Rules: per-source differential thresholds, opposing markets, public fade, reverse line
/// movement (at each book, and at Pinnacle against the splits' tickets), steam. Hits on the same game/market/side merge into one ``SharpSignal``; a market
/// where books disagree gets no signal and is reported as a ``BookConflict``; a moneyline
/// favourite whose best known price is worse than −160 is moved to ``DetectionResult/filtered``
/// (``JuiceFilter``). Every signal carries its ``BetDecision``: BET when its best known price is
/// at least the break-even price against Pinnacle's no-vig probability
/// (``DetectionConfig/minimumEdge``), else PASS. The strategy record part of confidence comes from the last backtest
/// (`strategy_performance`, see ``StrategyRecordScale``); with
/// ``DetectionConfig/minimumRecordBets`` only rules with a positive enough record fire.
///
/// ```swift
/// let db = try DatabaseCoordinator(path: "data/mlb_betting.duckdb", config: .preGameWorkflow)
/// try await SchemaMigrator().migrate(db)
/// let result = try await SharpDetector(config: .preGame)
///     .detect(db, gameDate: SlateDate("2025-06-17")!, asOf: Date())
/// try await SignalStore(db).save(result.signals)
/// ```
public struct SharpDetector: Sendable {
    /// Thresholds and weights.
    public let config: DetectionConfig

    /// A detector with `config` (DOMAIN.md's defaults unless given).
    public init(config: DetectionConfig = .default) { self.config = config }

    /// Detects on the snapshots of `gameDate` taken at or before `asOf` (nil: all stored).
    ///
    /// Freshness is measured against `asOf`, or without it against the newest snapshot used,
    /// so re-running on stored data gives the same numbers.
    public func detect(_ db: some DatabaseCoordinating, gameDate: SlateDate, asOf: Date? = nil) async throws -> DetectionResult {
        let (config, qualifies) = try await withStoredRecords(db)
        let scope = SnapshotScope(gameDate: gameDate, asOf: asOf, config: config)
        let latestQuery: SQLQuery = scope.query + "\nSELECT * FROM latest ORDER BY game_key, market, source, book"
        async let latestRows = db.read(latestQuery)
        async let differentialHits = DifferentialRule(config: config).hits(db, scope: scope)
        async let opposingHits = OpposingMarketsRule(config: config).hits(db, scope: scope)
        async let fadeHits = PublicFadeRule(config: config).hits(db, scope: scope)
        async let moves = ReverseLineMovementRule(config: config).moves(db, scope: scope)
        async let pinnacleMoves = ReverseLineMovementRule(config: config).pinnacleMoves(db, scope: scope)
        async let steamHits = SteamRule(config: config).hits(db, scope: scope)
        async let conflictKeys = BookConflictRule(config: config).conflicts(db, scope: scope)

        let latest = try await latestRows.rows.map(SplitSnapshot.init(row:))
        let lineMoves = try await moves
        let hits = try await (differentialHits + opposingHits + fadeHits
            + ReverseLineMovementRule(config: config).hits(from: lineMoves + (try await pinnacleMoves))
            + steamHits).filter { qualifies($0.hit.rule) }
        let assembler = SignalAssembler(config: config, latest: latest, moves: lineMoves,
                                        reference: asOf ?? latest.map(\.snapshotAt).max())
        let assembled = assembler.assemble(gameDate: gameDate, hits: hits, conflicts: try await conflictKeys)
        let decided = try await Self.decide(assembled, prices: KnownPrices(db), minimumEdge: config.minimumEdge)
        let best = Dictionary(uniqueKeysWithValues: (decided.signals + decided.filtered.map(\.signal)).compactMap { signal in
            signal.decision?.best.map { (signal.id, $0) }
        })
        let result = JuiceFilter(worstFavouritePrice: config.worstFavouritePrice).apply(decided, best: best)
        Self.count(result, gameDate: gameDate)
        return result
    }

    /// `result` with every signal's ``SharpSignal/decision``: its best price known by detection
    /// time (``KnownPrices``), Pinnacle's no-vig probability, and so BET or PASS at `minimumEdge`.
    static func decide(_ result: DetectionResult, prices: KnownPrices<some DatabaseCoordinating>,
                       minimumEdge: Double) async throws -> DetectionResult {
        var output = result
        for index in output.signals.indices {
            output.signals[index].decision = BetDecision(pricing: try await prices.pricing(for: output.signals[index]),
                                                         minimumEdge: minimumEdge)
        }
        for index in output.filtered.indices {
            output.filtered[index].signal.decision = BetDecision(
                pricing: try await prices.pricing(for: output.filtered[index].signal), minimumEdge: minimumEdge)
        }
        return output
    }

    /// The configuration with each rule's stored record (``StrategyPerformanceStore/ruleRecords()``)
    /// filled in where ``DetectionConfig/strategyRecord`` does not set it, and which rules may
    /// fire: with ``DetectionConfig/minimumRecordBets``, only those whose record has that many
    /// graded bets and an ROI above ``DetectionConfig/minimumRecordROI``.
    func withStoredRecords(_ db: some DatabaseCoordinating) async throws -> (DetectionConfig, @Sendable (DetectionRule) -> Bool) {
        var config = self.config
        guard config.readsStoredStrategyRecord || config.minimumRecordBets != nil else { return (config, { _ in true }) }
        let records = try await StrategyPerformanceStore(db).ruleRecords()
        if config.readsStoredStrategyRecord {
            for (rule, record) in records where config.strategyRecord[rule] == nil {
                config.strategyRecord[rule] = config.strategyRecordScale.score(bets: record.bets, roi: record.roi)
            }
        }
        guard let minimumBets = config.minimumRecordBets else { return (config, { _ in true }) }
        let minimumROI = config.minimumRecordROI
        let allowed = Set(records.filter { $0.value.bets >= minimumBets && ($0.value.roi ?? -.infinity) > minimumROI }.keys)
        return (config, { allowed.contains($0) })
    }

    /// `sharp_signals_total{rule}` (each rule of each signal) and one info line per detection.
    private static func count(_ result: DetectionResult, gameDate: SlateDate) {
        for signal in result.signals {
            for rule in signal.rules { Counter(label: "sharp_signals_total", dimensions: [("rule", rule.rawValue)]).increment() }
        }
        bettingLog.info("signals detected", metadata: [
            "operation": "detect", "game_date": "\(gameDate)", "rows": "\(result.signals.count)",
            "conflicts": "\(result.conflicts.count)",
        ])
    }
}
