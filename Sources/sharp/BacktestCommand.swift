import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import SharpBetting

struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Grade what detection would have picked on the stored days, and store each rule's record.",
        discussion: """
            For every stored day and every first pitch, runs the detection of the pre-game workflow as of \
            --lead-minutes before it (T−5 by default) on the snapshots stored by then, and grades the \
            signals of the games starting then against game_outcomes (`sharp outcomes`): at the best price \
            known at signal time (splits, SBD books, Pinnacle), −110 only when none is known (the table \
            counts those), with the closing-line value against Pinnacle. Prints per rule, source, market, \
            strength band and timing bucket: bets, W-L-P, hit rate with its 95% Wilson interval, flat ROI \
            (one unit a signal), Kelly ROI (the signals detection called BET, at fractional Kelly; --min-edge \
            and --kelly-fraction as in `sharp pregame`), and average CLV with its 95% interval; `all` rows \
            roll a field up. A second table gives the bets' and the passes' records apart. Stores the rows in strategy_performance (replacing the \
            rules backtested), which confidence reads as its strategy record and --min-bets filters on.

            Examples:
              sharp collect --simulate 7 --games 450 --interval 30 --sharp-win-rate 0.56 \\
                  --path /tmp/season.duckdb   # a simulated season with final scores
              sharp backtest --path /tmp/season.duckdb
              sharp backtest --from 2025-06-17 --to 2025-06-30 --rules differential,steam \\
                  --json --path /tmp/season.duckdb
            """
    )

    @Option(help: "First day, YYYY-MM-DD (default: the first stored).")
    var from: SlateDate?

    @Option(help: "Last day, YYYY-MM-DD (default: the last stored).")
    var to: SlateDate?

    @Option(help: ArgumentHelp("Only signals of these rules, comma-separated: "
        + DetectionRule.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "rules"))
    var rules: String?

    @Option(name: .customLong("lead-minutes"), help: "Detect this many minutes before each first pitch.")
    var leadMinutes: Double = 5

    @OptionGroup var stakes: StakeArguments

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    @Flag(name: .customLong("no-save"), help: "Do not store the records in strategy_performance.")
    var noSave = false

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func validate() throws {
        _ = try ruleSet()
        if let from, let to, to < from { throw ValidationError("--to \(to) is before --from \(from)") }
        if !(leadMinutes >= 0) { throw ValidationError("--lead-minutes must be 0 or more") }
    }

    func ruleSet() throws -> Set<DetectionRule>? {
        guard let rules else { return nil }
        var set = Set<DetectionRule>()
        for part in rules.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let rule = DetectionRule(rawValue: name) else {
                throw ValidationError("unknown rule '\(name)'; choose from " + DetectionRule.allCases.map(\.rawValue).joined(separator: ", "))
            }
            set.insert(rule)
        }
        if set.isEmpty { throw ValidationError("--rules names no rule") }
        return set
    }

    func run() async throws {
        let rules = try ruleSet()
        let db = try await database.openMigrated()
        let (report, stored) = try await db.closing { () -> (BacktestReport, Int) in
            let report = try await BacktestService(db, config: stakes.applied(to: .preGame), leadMinutes: leadMinutes,
                                                   kellyFraction: stakes.kellyFraction).run(from: from, to: to, rules: rules)
            let stored = noSave ? 0 : try await StrategyPerformanceStore(db).replace(report.performance, rules: rules,
                                                                                    from: report.from, to: report.to)
            return (report, stored)
        }
        if json {
            print(String(decoding: try SharpJSON.encoder(pretty: true).encode(report), as: UTF8.self))
        } else {
            print(BacktestReport.text(report), terminator: "")
            if let sizing = stakes.sizing, let bets = report.decisions.first(where: { $0.call == .bet && $0.performance.bucket.market == "all" }) {
                let perUnit = sizing.flatStake
                print(String(format: "Kelly on a $%.0f bankroll (one unit $%.2f, not compounded): staked $%.2f, profit %@$%.2f",
                             sizing.bankroll, perUnit, bets.performance.kellyStaked * perUnit,
                             bets.performance.kellyProfit < 0 ? "-" : "+", abs(bets.performance.kellyProfit * perUnit)))
            }
            if !noSave { print("stored " + counted(stored, "row") + " in strategy_performance") }
        }
    }
}
