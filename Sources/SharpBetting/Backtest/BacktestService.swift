import DuckCoordinator
import DuckDBKit
import Foundation

/// Replays detection over stored history and grades what it would have picked: for every day
/// with stored splits and every first-pitch time of that day, ``SharpDetector`` runs as of
/// `leadMinutes` before first pitch (the pre-game workflow's T−5 by default) on the snapshots
/// stored by then, and the signals of the games starting then are graded against
/// `game_outcomes` at the best price known at signal time (``KnownPrices``; −110 only when none,
/// counted in ``StrategyPerformance/assumedPriceBets``), with their closing-line value. Every
/// signal is graded flat (one unit); the ones detection called BET are also graded at
/// fractional Kelly (``kellyFraction``, in units of the flat stake), and the report gives the
/// record of the bets and of the passes apart.
///
/// The bets are grouped by rule × source × market × strength band × timing bucket, with
/// rolled-up rows (``StrategyBucket/all``). Detection is the real one, with the record it is
/// building switched off (``DetectionConfig/readsStoredStrategyRecord``, no `--min-bets`), so
/// a backtest never grades itself.
///
/// ```swift
/// let report = try await BacktestService(db).run(from: SlateDate("2025-06-01"), to: nil)
/// try await StrategyPerformanceStore(db).replace(report.performance, rules: nil, from: report.from, to: report.to)
/// print(BacktestReport.text(report))
/// ```
public struct BacktestService<Database: DatabaseCoordinating>: Sendable {
    /// The coordinator read.
    public let db: Database
    /// The detection replayed (``DetectionConfig/preGame`` by default; records off).
    public let config: DetectionConfig
    /// Minutes before first pitch at which detection runs.
    public let leadMinutes: Double
    /// The share of full Kelly a bet is staked at.
    public let kellyFraction: Double

    /// A backtest over `db` with `config` (its ``DetectionConfig/minimumEdge`` decides BET or
    /// PASS), detecting `leadMinutes` before each first pitch, staking bets at `kellyFraction`.
    public init(_ db: Database, config: DetectionConfig = .preGame, leadMinutes: Double = 5, kellyFraction: Double = 0.25) {
        var config = config
        config.readsStoredStrategyRecord = false
        config.minimumRecordBets = nil
        self.db = db
        self.config = config
        self.leadMinutes = leadMinutes
        self.kellyFraction = kellyFraction
    }

    /// Backtests the days from `from` to `to` (inclusive; nil: unbounded) on the signals of
    /// `rules` (nil: every rule; a signal counts when one of its rules is asked for).
    public func run(from: SlateDate?, to: SlateDate?, rules: Set<DetectionRule>? = nil) async throws -> BacktestReport {
        var bets: [GradedSignal] = []
        var ungraded = 0
        let days = try await self.days(from: from, to: to)
        for day in days {
            let outcomes = try await OutcomeLoader.outcomes(on: day, in: db)
            for signal in try await signals(on: day) where rules.map({ !$0.isDisjoint(with: signal.rules) }) ?? true {
                guard let outcome = GameOutcome.of(signal.game, in: outcomes) else {
                    ungraded += 1
                    continue
                }
                let prices = KnownPrices(db)
                var graded = SignalGrader.grade(signal, outcome: outcome, quotes: try await prices.quotes(for: signal))
                if let firstPitch = signal.game.firstPitch {
                    graded.closingLineValue = try await prices.closingLineValue(for: signal, now: firstPitch)
                }
                graded.fairProbability = signal.decision?.fairProbability
                graded.size(with: .units(kellyFraction: kellyFraction))
                if graded.result == .ungradable || graded.result == .pending { ungraded += 1 } else { bets.append(graded) }
            }
        }
        return BacktestReport(from: from ?? days.first, to: to ?? days.last, days: days.count, ungraded: ungraded,
                              performance: Self.performance(of: bets, rules: rules),
                              decisions: Self.decisions(of: bets, rules: rules))
    }

    /// The days with stored splits in the range.
    func days(from: SlateDate?, to: SlateDate?) async throws -> [SlateDate] {
        var conditions: [SQLQuery] = []
        if let from { conditions.append("game_date >= \(.date(from.duckDBDate))") }
        if let to { conditions.append("game_date <= \(.date(to.duckDBDate))") }
        let filter: SQLQuery = conditions.isEmpty ? "" : "WHERE \(SQLQuery.joined(conditions, separator: " AND "))"
        let query: SQLQuery = "SELECT DISTINCT game_date FROM raw_mlb_betting_splits \(filter) ORDER BY game_date"
        return try await db.read(query)
            .compactMap { row in
                let parts = try row["game_date", as: DuckDBDate.self].components
                return SlateDate(year: parts.year, month: parts.month, day: parts.day)
            }
    }

    /// Each game's signals of `day` as detection saw them `leadMinutes` before its first pitch.
    func signals(on day: SlateDate) async throws -> [SharpSignal] {
        let pitches = try await db.read("""
            SELECT DISTINCT coalesce(r.game_time, g.game_time) AS first_pitch
            FROM raw_mlb_betting_splits r LEFT JOIN games g ON g.game_id = r.game_id
            WHERE r.game_date = $1 AND coalesce(r.game_time, g.game_time) IS NOT NULL ORDER BY 1
            """, [.date(day.duckDBDate)]).map { try $0["first_pitch", as: Date.self] }
        let detector = SharpDetector(config: config)
        var signals: [SharpSignal] = []
        for pitch in pitches {
            let result = try await detector.detect(db, gameDate: day, asOf: pitch.addingTimeInterval(-leadMinutes * 60))
            signals += result.signals.filter { $0.game.firstPitch.map { abs($0.timeIntervalSince(pitch)) < 1 } ?? false }
        }
        return signals
    }

    /// The records of the bets and of the passes among `bets` (of `rules`), per market and over all.
    static func decisions(of bets: [GradedSignal], rules: Set<DetectionRule>?) -> [DecisionPerformance] {
        let asked = bets.filter { bet in rules.map { !$0.isDisjoint(with: bet.signal.rules) } ?? true }
        let all = StrategyBucket.all
        return BetDecision.Call.allCases.flatMap { call in
            let mine = asked.filter { $0.decision.call == call }
            return ([all] + Market.allCases.map(\.rawValue)).compactMap { market -> DecisionPerformance? in
                let group = market == all ? mine : mine.filter { $0.signal.market.rawValue == market }
                guard !group.isEmpty || market == all else { return nil }
                let bucket = StrategyBucket(rule: all, source: all, market: market, band: all, timing: all)
                return DecisionPerformance(call: call, performance: StrategyPerformance(bucket: bucket, bets: group))
            }
        }
    }

    /// The records of `bets`: one row per rule × source × market × band × timing, the rule's
    /// rows rolled up per market and over all markets, and the same over all rules.
    static func performance(of bets: [GradedSignal], rules: Set<DetectionRule>?) -> [StrategyPerformance] {
        let all = StrategyBucket.all
        var groups: [StrategyBucket: [GradedSignal]] = [:]
        for bet in bets {
            let signal = bet.signal
            let market = signal.market.rawValue
            for total in [all, market] {
                groups[StrategyBucket(rule: all, source: all, market: total, band: all, timing: all), default: []].append(bet)
            }
            let minutes = signal.game.firstPitch.map { $0.timeIntervalSince(signal.snapshotAt) / 60 }
            for rule in signal.rules where rules?.contains(rule) ?? true {
                let hits = signal.hits.filter { $0.rule == rule }
                let band = StrategyBucket.band(forStrength: hits.map(\.strength).max() ?? signal.strength)
                for total in [all, market] {
                    groups[StrategyBucket(rule: rule.rawValue, source: all, market: total, band: all, timing: all), default: []].append(bet)
                }
                for source in Set(hits.flatMap(\.origins).map(\.source)) {
                    let bucket = StrategyBucket(rule: rule.rawValue, source: source, market: market, band: band,
                                                timing: StrategyBucket.timing(minutesBeforeFirstPitch: minutes))
                    groups[bucket, default: []].append(bet)
                }
            }
        }
        return groups.map { StrategyPerformance(bucket: $0.key, bets: $0.value) }.sorted { $0.bucket < $1.bucket }
    }
}
