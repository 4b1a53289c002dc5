import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import SharpBetting

struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Find sharp money in the stored betting splits of a day and print the signals.",
        discussion: """
            Reads the latest snapshot of every game/market/source/book stored for the day and runs the \
            detection rules: per-source differential thresholds (d = money% − bets% on the home/over side; \
            VSIN 15/20/25, SBD 20/25/30), opposing markets, public fade, reverse line movement, steam, \
            and the juice filter (no moneyline favourite worse than −160). Markets where books disagree \
            on the sharp side give no signal and are listed as conflicts, as are markets where rules name \
            both sides and games whose moneyline and run-line picks name different teams (rule conflicts).

            Each signal leads with its call: BET when the best price known now (split pages, each SBD \
            sportsbook, Pinnacle) is at least the break-even price — the worst price whose edge over \
            Pinnacle's no-vig probability is --min-edge (default 0) — else PASS. With --bankroll a bet shows \
            its stake (fractional Kelly, flat 1% beside it). `sharp report` needs them stored: --save.

            Confidence (0–100) = 0.40·signal strength + 0.30·source reliability + 0.20·strategy record \
            + 0.05·freshness + 0.05·timing; the strategy record is the rule's backtested record \
            (`sharp backtest`), 50 without one. --min-bets N keeps only rules whose record is positive \
            over at least N graded bets. Times are shown in America/New_York.

            Examples:
              sharp detect --date 2025-06-17
              sharp detect --date 2025-06-17 --as-of 2025-06-17T23:05:00Z
              sharp detect --date 2025-06-17 --window-minutes 45  # the pre-game window
              sharp detect --date 2025-06-17 --save     # also store them in sharp_signals
              sharp detect --date 2025-06-17 --min-edge 0.02 --bankroll 1000
              sharp detect --date 2025-06-17 --min-bets 100 --min-roi 0.02  # proven rules
            """
    )

    @Option(name: .long, help: "Slate day, YYYY-MM-DD (default: today in New York).")
    var date: SlateDate?

    @Option(name: .long, help: ArgumentHelp("Only snapshots taken at or before this UTC time (ISO-8601).", valueName: "time"))
    var asOf: InstantArgument?

    @Option(name: .long, help: "Only snapshots taken at most this many minutes before first pitch (the pre-game workflow uses 45).")
    var windowMinutes: Double?

    @Option(name: .long, help: "text or json.")
    var format: DetectFormat = .text

    @Flag(name: .long, help: "Store the signals in sharp_signals (idempotent), for `sharp report`.")
    var save = false

    @OptionGroup var recordFilter: RecordFilterArguments
    @OptionGroup var stakes: StakeArguments

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    enum DetectFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if let windowMinutes, !(windowMinutes > 0) { throw ValidationError("--window-minutes must be a positive number of minutes") }
    }

    func run() async throws {
        let day = date ?? .todayInNewYork
        var config = stakes.applied(to: recordFilter.applied(to: .default))
        config.snapshotWindowMinutes = windowMinutes
        let db = try await database.openMigrated()
        let (result, stored) = try await db.closing { () -> (DetectionResult, Int) in
            let result = try await SharpDetector(config: config).detect(db, gameDate: day, asOf: asOf?.date)
            return (result, save ? try await SignalStore(db).save(result.signals) : 0)
        }
        switch format {
        case .json:
            print(String(decoding: try SharpJSON.encoder(pretty: true).encode(result), as: UTF8.self))
        case .text:
            print(Self.text(result, sizing: stakes.sizing))
            if save {
                print("stored " + counted(stored, "signal") + " in sharp_signals (BET and PASS); `sharp report --date \(day)` grades them")
            } else if !result.signals.isEmpty {
                print("not stored: add --save to keep these signals for `sharp report`")
            }
        }
    }

    static func text(_ result: DetectionResult, sizing: StakeSizing? = nil) -> String {
        let bets = result.signals.filter { $0.decision?.isBet ?? false }.count
        var lines = ["Sharp signals for \(result.gameDate)"
            + (result.referenceTime.map { " as of \(EasternTime.dayAndClock($0))" } ?? "")
            + ": \(result.signals.count) (\(bets) BET, \(result.signals.count - bets) PASS)"]
        if result.signals.isEmpty {
            lines.append("No signals. (Are splits stored for this day? `sharp db probe` lists the tables.)")
        } else {
            lines.append("")
            lines += DecisionTable.render(result.signals, sizing: sizing, columns: [
                ("d", { $0.headlineDifferential.map { String(format: "%+.2f", $0) } ?? "–" }),
                ("Books", { $0.origins.map(\.key).joined(separator: ",") }),
            ])
            lines += ["", "Why:"] + result.signals.map { "  " + $0.explanation }
        }
        if !result.conflicts.isEmpty {
            lines += ["", "Book conflicts (no signal):"] + result.conflicts.map { "  " + $0.description }
        }
        if !result.ruleConflicts.isEmpty {
            lines += ["", "Rule conflicts (rules or picks name both sides; no signal):"] + result.ruleConflicts.map { "  " + $0.description }
        }
        if !result.filtered.isEmpty {
            lines += ["", "Filtered:"] + result.filtered.map { "  \($0.signal.game.matchup) \($0.signal.pick): \($0.reason)" }
        }
        return lines.joined(separator: "\n")
    }
}
