import Foundation

/// Number formatting shared by the report renderers.
enum ReportText {
    /// `$211.82`, `-$100.00`.
    static func money(_ value: Double) -> String {
        (value < 0 ? "-$" : "$") + String(format: "%.2f", abs(value))
    }

    /// `52.9%` of a fraction, or `–` when nil.
    static func percent(_ fraction: Double?) -> String {
        fraction.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
    }

    /// `+8.1%`, `-3.0%` of a fraction, or `–` when nil.
    static func signedPercent(_ fraction: Double?) -> String {
        fraction.map { ($0 >= 0 ? "+" : "") + String(format: "%.1f%%", $0 * 100) } ?? "–"
    }

    /// `+130`, `-110`.
    static func price(_ price: Double) -> String { NumberText.signed(price) }

    /// `+1.30u`, `-1.00u`: flat units.
    static func units(_ value: Double) -> String {
        (value >= 0 ? "+" : "-") + String(format: "%.2fu", abs(value))
    }

    /// `+$7.49`, `-$5.43`.
    static func signedMoney(_ value: Double) -> String { (value > 0 ? "+" : "") + money(value) }

    /// `+3.0%` of an edge, or `–`.
    static func edge(_ graded: GradedSignal) -> String {
        graded.edge.map { BetDecision.percent($0, signed: true) } ?? "–"
    }

    /// `+1.2 pts` of a closing-line value, or `–` before first pitch.
    static func clv(_ graded: GradedSignal) -> String {
        graded.closingLineValue.map { ($0 >= 0 ? "+" : "") + NumberText.plain(($0 * 10).rounded() / 10) + " pts" } ?? "–"
    }

    /// The header of a report's signal tables (the stake columns with a bankroll).
    static func signalHeader(staked: Bool) -> [String] {
        ["Game", "ET", "Call", "Bet", "Price", "Break-even", "Edge", "CLV", "Conf", "Record", "Rules", "Result", "Units"]
            + (staked ? ["Stake", "Profit"] : []) + ["Score"]
    }

    /// One signal's cells under ``signalHeader(staked:)``.
    static func signalRow(_ graded: GradedSignal, staked: Bool) -> [String] {
        let signal = graded.signal
        let settled = graded.result != .pending && graded.result != .ungradable
        let breakEven: String = graded.decision.breakEvenPrice.map(price) ?? "–"
        let confidence: String = NumberText.plain(signal.confidence.value) + " " + signal.confidence.label.rawValue
        var cells: [String] = [signal.game.matchup, start(signal), graded.decision.call.rawValue, signal.bet,
                               price(graded.price) + " (" + graded.priceSource + ")", breakEven, edge(graded), clv(graded),
                               confidence, strategyRecord(graded), signal.rules.map(\.rawValue).joined(separator: ","),
                               graded.result.rawValue, settled ? units(graded.units) : "–"]
        if staked {
            cells.append(graded.stake.map { money($0.amount) } ?? "–")
            cells.append(settled ? graded.stakeProfit.map(signedMoney) ?? "–" : "–")
        }
        cells.append(graded.finalScore ?? "")
        return cells
    }

    /// The bets' line: `Bets 1-0-0 (0 pending) · hit rate 100.0% · flat +1.38u on 1u, ROI +138.0% ·
    /// recommended stakes $5.43, profit +$7.49, ROI +138.0%`.
    static func betsLine(_ report: DailyReport) -> String {
        let s = report.summary
        var line = "Bets \(record(s)) (\(s.pending) pending) · hit rate \(percent(s.hitRate)) · flat \(units(s.units)) on "
            + "\(NumberText.plain(s.staked))u, ROI \(signedPercent(s.roi))"
        if let staking = report.staking {
            line += " · at the recommended stakes (\(RecommendedStake.kellyName(fraction: staking.kellyFraction)) of "
                + "\(money(staking.bankroll))): \(money(s.stakedAmount ?? 0)) staked, profit \(signedMoney(s.stakeProfit ?? 0)), "
                + "ROI \(signedPercent(s.stakeROI))"
        } else {
            line += " · --bankroll sizes the stakes"
        }
        return line
    }

    /// The passes' line: their record as if bet flat, and what passing saved (or cost).
    static func passesLine(_ report: DailyReport) -> String {
        let p = report.passed
        var line = "Passed \(record(p)) (\(p.pending) pending)"
        guard p.staked > 0 else { return line + (p.signals == 0 ? ": none" : "") }
        line += " · flat \(units(p.units)) had they been bet: passing "
            + (p.units <= 0 ? "saved \(String(format: "%.2fu", -p.units))" : "cost \(String(format: "%.2fu", p.units))")
        return line
    }

    /// What an empty report says: nothing stored for the day, and how signals get stored.
    static func noSignals(_ day: SlateDate) -> String {
        "No signals stored for \(day). `sharp detect --date \(day)` only prints what it finds: add --save to store it "
            + "for the report (the pre-game workflow, `sharp pregame`, stores its signals itself)."
    }

    /// The strategy record beside a signal: its best rule's backtested `W-L-P ROI` and the
    /// 0–100 part confidence took from it (`rec` 50 without a record).
    /// `differential 281-221-0 ROI +8.1% → rec 68`, `no record → rec 50`.
    static func strategyRecord(_ graded: GradedSignal) -> String {
        let score = "rec " + NumberText.plain((graded.signal.confidence.strategyRecord * 10).rounded() / 10)
        guard let record = graded.record else { return "no record → " + score }
        return "\(record.bucket.rule) \(record.wins)-\(record.losses)-\(record.pushes) ROI \(signedPercent(record.roi)) → " + score
    }

    /// First pitch in New York time, or `–`.
    static func start(_ signal: SharpSignal) -> String { signal.game.firstPitch.map(EasternTime.clock) ?? "–" }

    /// `3-1-0`: wins-losses-pushes.
    static func record(_ record: ReportRecord) -> String { "\(record.wins)-\(record.losses)-\(record.pushes)" }
}
