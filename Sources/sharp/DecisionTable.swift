import SharpBetting

/// The terminal table of signals that `sharp detect` and `sharp pregame` print: each row leads
/// with the call (BET or PASS), the bet, the best price now and where, the break-even price and
/// the edge, the stake with a bankroll; then confidence, rules and the command's own columns.
/// Bets first, each group most confident first.
enum DecisionTable {
    static func render(_ signals: [SharpSignal], sizing: StakeSizing?,
                       columns: [(title: String, cell: (SharpSignal) -> String)] = []) -> [String] {
        func rank(_ signal: SharpSignal) -> Int { signal.decision?.isBet ?? false ? 0 : 1 }
        let ordered = signals.sorted { a, b in
            if rank(a) != rank(b) { return rank(a) < rank(b) }
            if a.confidence.value != b.confidence.value { return a.confidence.value > b.confidence.value }
            return a.id < b.id
        }
        var header = ["Call", "Game", "First pitch", "Bet", "Now", "Break-even", "Edge"]
        if sizing != nil { header.append("Stake") }
        header += ["Conf", "Label", "Rules"] + columns.map(\.title)
        return TextTable.render(header: header, rows: ordered.map { signal in row(signal, sizing: sizing, columns: columns) })
    }

    private static func row(_ signal: SharpSignal, sizing: StakeSizing?,
                            columns: [(title: String, cell: (SharpSignal) -> String)]) -> [String] {
        let decision = signal.decision
        let now: String = decision?.best.map { signed($0.price) + " (\($0.source))" } ?? "none known"
        let breakEven: String = decision?.breakEvenPrice.map(signed) ?? "–"
        let edge: String = decision?.edge.map { String(format: "%+.1f%%", $0 * 100) } ?? "–"
        var cells = [decision?.call.rawValue ?? "–", signal.game.matchup, signal.game.firstPitch.map(EasternTime.clock) ?? "–",
                     signal.bet, now, breakEven, edge]
        if let sizing {
            cells.append(decision.map { String(format: "$%.2f", sizing.stake(for: $0).amount) } ?? "–")
        }
        cells += [String(format: "%.1f", signal.confidence.value), signal.confidence.label.rawValue,
                  signal.rules.map(\.rawValue).joined(separator: ",")]
        return cells + columns.map { $0.cell(signal) }
    }

    /// `+130`, `-142`.
    private static func signed(_ price: Double) -> String {
        price > 0 ? String(format: "+%.0f", price) : String(format: "%.0f", price)
    }
}
