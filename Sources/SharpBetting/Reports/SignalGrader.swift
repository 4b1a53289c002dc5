/// Grades a signal against a final score, in units (one unit staked).
///
/// - moneyline: the side's team wins;
/// - spread: the side's score plus its handicap beats the other score (equal: push);
/// - total: total runs against the line (equal: push).
///
/// The price is the best known for the picked side — the signal's own (the best moneyline on the split pages)
/// and the `quotes` of other books and Pinnacle (``KnownPrices``) — else −110, and the graded
/// signal says which (``GradedSignal/priceSource``). A unit won at `+p` pays `p/100`, at `−p`
/// pays `100/p`; a loss costs the unit. The recommended stake (``GradedSignal/size(with:)``)
/// is graded from these.
///
/// ```swift
/// SignalGrader.units(of: .win, price: -110)   // 0.909…
/// SignalGrader.units(of: .win, price: 130)    // 1.3
/// ```
public enum SignalGrader {
    /// The price assumed when a signal has none.
    public static let defaultPrice: Double = -110

    /// What ``GradedSignal/priceSource`` says for the signal's own price: the best moneyline the
    /// split feeds showed (VSIN's pages carry prices).
    public static let splitsSource = "splits"
    /// What ``GradedSignal/priceSource`` says when no price is known.
    public static let assumedSource = "assumed -110"

    /// The graded signal (pending without an outcome), at the best of its known prices.
    public static func grade(_ signal: SharpSignal, outcome: GameOutcome?, quotes: [QuotedPrice] = []) -> GradedSignal {
        let best = best(of: signal, quotes: quotes)
        let price = best?.price ?? defaultPrice
        let source = best?.source ?? assumedSource
        guard let outcome else {
            return GradedSignal(signal: signal, result: .pending, price: price, units: 0, finalScore: nil, priceSource: source)
        }
        let result = self.result(of: signal, outcome: outcome)
        return GradedSignal(signal: signal, result: result, price: price, units: units(of: result, price: price),
                            finalScore: outcome.scoreLine, priceSource: source)
    }

    /// The best of `signal`'s own price and `quotes`, if any is known.
    public static func best(of signal: SharpSignal, quotes: [QuotedPrice]) -> QuotedPrice? {
        let known = (signal.price.map { [QuotedPrice(price: $0, source: splitsSource)] } ?? []) + quotes
        return known.max { AmericanPrice.cents($0.price) < AmericanPrice.cents($1.price) }
    }

    /// The result of `signal` given `outcome`.
    public static func result(of signal: SharpSignal, outcome: GameOutcome) -> BetResult {
        let home = Double(outcome.homeScore), away = Double(outcome.awayScore)
        let margin: Double
        switch signal.market {
        case .moneyline:
            margin = signal.side == .home ? home - away : away - home
        case .spread:
            guard let line = signal.line else { return .ungradable }
            margin = (signal.side == .home ? home - away : away - home) + line
        case .total:
            guard let line = signal.line else { return .ungradable }
            margin = signal.side == .over ? home + away - line : line - (home + away)
        }
        return margin > 0 ? .win : margin < 0 ? .loss : .push
    }

    /// Profit of one unit staked with `result` at `price`.
    public static func units(of result: BetResult, price: Double) -> Double {
        switch result {
        case .win: price >= 100 ? price / 100 : 100 / abs(price)
        case .loss: -1
        case .push, .pending, .ungradable: 0
        }
    }
}
