import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import SharpBetting

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The daily report: the day's stored signals, BET or PASS, their confidence, and results once scores are in.",
        discussion: """
            Reads sharp_signals (stored by `sharp detect --save` or the pre-game workflow) and game_outcomes \
            (loaded by `sharp outcomes`). Each signal leads with its call, made when it was detected: BET when \
            its best known price is at least the break-even price against Pinnacle's no-vig probability, else \
            PASS (--min-edge decides them again at that edge). Bets and passes are listed apart: the day's \
            record is the bets'; the passes are graded as if bet, so the report shows what passing saved. \
            Every signal is graded in units (one unit at its best known price, −110 when none is known; ROI \
            is profit over units staked on settled bets, pushes refunded). With --bankroll, each bet gets the \
            stake the report recommends (fractional Kelly from its edge, the flat 1% beside it; a pass stakes \
            nothing) and is graded at it. Records are also given per rule and per source, each signal shows \
            its best rule's backtested record (`sharp backtest`), and the alerts sent that day (the monitor's \
            and the pre-game workflow's) are listed.

            Formats: text (terminal), json, markdown, html (one self-contained page with two SVG charts: \
            signal strength vs profit, and cumulative profit; nothing is fetched from the network).

            Examples:
              sharp report --date 2025-06-17
              sharp report --date 2025-06-17 --format html --out reports/
              sharp report --date 2025-06-17 --bankroll 5000 --kelly-fraction 0.25
              sharp report --date 2025-06-17 --min-edge 0.02  # bets at a 2% edge or more
            """
    )

    @Option(name: .long, help: "Slate day, YYYY-MM-DD (default: today in New York).")
    var date: SlateDate?

    @Option(name: .long, help: "text, json, markdown or html.")
    var format: ReportFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write the report into this folder instead of printing it.", valueName: "dir"))
    var out: String?

    @OptionGroup var stakes: StakeArguments

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func run() async throws {
        let day = date ?? .todayInNewYork
        let db = try await database.openMigrated()
        let minimumEdge = stakes.minEdge > 0 ? stakes.minEdge : nil
        let report = try await db.closing {
            try await DailyReportService(db).report(for: day, staking: stakes.sizing, minimumEdge: minimumEdge)
        }
        let text = format.render(report)
        guard let out else {
            print(text, terminator: "")
            return
        }
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("sharp-report-\(day).\(format.fileExtension)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        print("wrote \(file.path) (" + counted(report.signals.count, "signal") + ", record \(report.summary.wins)-\(report.summary.losses)-\(report.summary.pushes))")
    }
}
