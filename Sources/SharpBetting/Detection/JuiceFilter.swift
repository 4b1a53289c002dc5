/// DOMAIN.md's juice filter: never recommend a moneyline favourite priced worse than
/// ``DetectionConfig/worstFavouritePrice`` (−160). It reads the **best known** price of the
/// picked side — the split pages' own, each sportsbook's (`book_prices`) and Pinnacle's
/// (``KnownPrices``) — so a pick at −165 on one page but −155 elsewhere is still playable, and a
/// pick with no split price is still checked. The reason names the price and where it was seen.
///
/// ```swift
/// let filter = JuiceFilter(worstFavouritePrice: -160)
/// filter.reason(for: signal, best: QuotedPrice(price: -185, source: "pinnacle"))
/// // "juice filter: NYY ML is a favourite at best -185 (pinnacle), worse than -160"
/// ```
public struct JuiceFilter: Sendable {
    /// The worst playable favourite price.
    public var worstFavouritePrice: Double

    /// A filter at `worstFavouritePrice`.
    public init(worstFavouritePrice: Double) { self.worstFavouritePrice = worstFavouritePrice }

    /// Why `signal` is not recommended at its best known price `best`, or nil when it is playable
    /// (only moneylines are filtered; no known price passes).
    public func reason(for signal: SharpSignal, best: QuotedPrice?) -> String? {
        guard signal.market == .moneyline, let best, best.price < worstFavouritePrice else { return nil }
        let team = signal.game.team(for: signal.side)?.rawValue ?? signal.side.rawValue
        return "juice filter: \(team) ML is a favourite at best \(NumberText.signed(best.price)) (\(best.source)), "
            + "worse than \(NumberText.signed(worstFavouritePrice))"
    }

    /// `result` with its moneyline signals checked at their best known prices (`best` by signal
    /// id): the filtered ones move to ``DetectionResult/filtered``; earlier juice-filter entries
    /// are re-checked (a better price elsewhere makes them playable again).
    public func apply(_ result: DetectionResult, best: [String: QuotedPrice]) -> DetectionResult {
        var output = result
        let candidates = result.signals + result.filtered.filter { $0.reason.hasPrefix("juice filter") }.map(\.signal)
        output.filtered = result.filtered.filter { !$0.reason.hasPrefix("juice filter") }
        output.signals = []
        for signal in candidates {
            if let reason = reason(for: signal, best: best[signal.id]) {
                output.filtered.append(FilteredSignal(signal: signal, reason: reason))
            } else {
                output.signals.append(signal)
            }
        }
        let order: (SharpSignal, SharpSignal) -> Bool = {
            ($0.confidence.value, $1.game.firstPitch ?? .distantFuture, $1.id) > ($1.confidence.value, $0.game.firstPitch ?? .distantFuture, $0.id)
        }
        output.signals.sort(by: order)
        output.filtered.sort { order($0.signal, $1.signal) }
        return output
    }
}
