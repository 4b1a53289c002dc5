import Foundation

/// Merges rule hits into signals: drops markets in conflict (books disagreeing, rules naming
/// both sides, or a moneyline and a run-line pick on different teams: ``RuleConflict``), picks the price and line,
/// scores confidence, applies the juice filter and writes the pick and explanation.
struct SignalAssembler: Sendable {
    let config: DetectionConfig
    let latest: [SplitSnapshot]
    let moves: [LineMove]
    let reference: Date?

    private struct Key: Hashable {
        var gameKey: String
        var market: Market
        var side: SharpSide
    }

    func assemble(gameDate: SlateDate, hits: [MarketHit], conflicts: Set<BookConflictRule.Key>) -> DetectionResult {
        let byMarket = Dictionary(grouping: latest) { BookConflictRule.Key(gameKey: $0.gameKey, market: $0.market) }
        let model = ConfidenceModel(config: config)

        let conflictList = conflicts.compactMap { key -> BookConflict? in
            guard let rows = byMarket[key], let newest = rows.max(by: { $0.snapshotAt < $1.snapshotAt }) else { return nil }
            return BookConflict(game: newest.game, market: key.market,
                                differentials: rows.sorted { $0.origin < $1.origin }.map(\.evidence),
                                threshold: config.flagThreshold)
        }.sorted { ($0.game.gameKey, $0.market.rawValue) < ($1.game.gameKey, $1.market.rawValue) }

        var signals: [SharpSignal] = []
        var filtered: [FilteredSignal] = []
        let grouped = Dictionary(grouping: hits) { Key(gameKey: $0.gameKey, market: $0.market, side: $0.side) }
        var ruleConflicts: [RuleConflict] = []
        let sidesByMarket = Dictionary(grouping: grouped.keys) { BookConflictRule.Key(gameKey: $0.gameKey, market: $0.market) }
        var contradicted: Set<BookConflictRule.Key> = []
        for (market, keys) in sidesByMarket where keys.count > 1 && !conflicts.contains(market) {
            contradicted.insert(market)
            guard let newest = byMarket[market]?.max(by: { $0.snapshotAt < $1.snapshotAt }) else { continue }
            let sides = keys.sorted { [.home, .over].contains($0.side) && ![.home, .over].contains($1.side) }.map { key in
                RuleConflict.Side(market: key.market, side: key.side,
                                  hits: (grouped[key] ?? []).map(\.hit).sorted { $0.rule < $1.rule })
            }
            ruleConflicts.append(RuleConflict(game: newest.game, market: market.market, sides: sides))
        }
        // Across markets: a moneyline pick on one team and a run-line pick on the other hedge
        // each other; neither is emitted.
        let standing = grouped.keys.filter { key in
            let market = BookConflictRule.Key(gameKey: key.gameKey, market: key.market)
            return !conflicts.contains(market) && !contradicted.contains(market)
        }
        for (gameKey, keys) in Dictionary(grouping: standing, by: \.gameKey) {
            guard let moneyline = keys.first(where: { $0.market == .moneyline }),
                  let spread = keys.first(where: { $0.market == .spread }), moneyline.side != spread.side,
                  let newest = (byMarket[BookConflictRule.Key(gameKey: gameKey, market: .moneyline)] ?? [])
                      .max(by: { $0.snapshotAt < $1.snapshotAt })
            else { continue }
            contradicted.formUnion([BookConflictRule.Key(gameKey: gameKey, market: .moneyline),
                                    BookConflictRule.Key(gameKey: gameKey, market: .spread)])
            let sides = [moneyline, spread].map { key in
                RuleConflict.Side(market: key.market, side: key.side,
                                  hits: (grouped[key] ?? []).map(\.hit).sorted { $0.rule < $1.rule })
            }
            ruleConflicts.append(RuleConflict(game: newest.game, market: .moneyline, sides: sides))
        }
        for (key, group) in grouped {
            guard !conflicts.contains(BookConflictRule.Key(gameKey: key.gameKey, market: key.market)),
                  !contradicted.contains(BookConflictRule.Key(gameKey: key.gameKey, market: key.market)),
                  let rows = byMarket[BookConflictRule.Key(gameKey: key.gameKey, market: key.market)],
                  let newest = rows.max(by: { $0.snapshotAt < $1.snapshotAt })
            else { continue }
            let signal = makeSignal(key: key, hits: group.map(\.hit), rows: rows, newest: newest, model: model)
            if key.market == .moneyline, let price = signal.price, price < config.worstFavouritePrice {
                filtered.append(FilteredSignal(signal: signal, reason: "juice filter: \(signal.pick) is a favourite priced worse than "
                    + NumberText.signed(config.worstFavouritePrice)))
            } else {
                signals.append(signal)
            }
        }
        let order: (SharpSignal, SharpSignal) -> Bool = {
            ($0.confidence.value, $1.game.firstPitch ?? .distantFuture, $1.id) > ($1.confidence.value, $0.game.firstPitch ?? .distantFuture, $0.id)
        }
        return DetectionResult(gameDate: gameDate, referenceTime: reference, signals: signals.sorted(by: order),
                               conflicts: conflictList, filtered: filtered.sorted { order($0.signal, $1.signal) },
                               ruleConflicts: ruleConflicts.sorted { ($0.game.gameKey, $0.market.rawValue) < ($1.game.gameKey, $1.market.rawValue) })
    }

    private func makeSignal(key: Key, hits: [RuleHit], rows: [SplitSnapshot], newest: SplitSnapshot,
                            model: ConfidenceModel) -> SharpSignal {
        let hits = hits.sorted { ($0.rule, $0.origins.first?.key ?? "") < ($1.rule, $1.origins.first?.key ?? "") }
        let origins = Set(hits.flatMap(\.origins))
        let game = newest.game
        let rules = Array(Set(hits.map(\.rule))).sorted()

        let price: Double? = key.market == .moneyline
            ? rows.compactMap { $0.line(of: key.side) }.max { AmericanPrice.cents($0) < AmericanPrice.cents($1) }
            : nil
        let line: Double? = key.market == .moneyline ? nil
            : (rows.filter { origins.contains($0.origin) } + rows).lazy.compactMap { $0.line(of: key.side) }.first
        let movement = moves.filter { $0.gameKey == key.gameKey && $0.market == key.market }
            .map { $0.toward(key.side) }.max { abs($0) < abs($1) }

        let strength = hits.map(\.strength).max() ?? 0
        let firing = rows.filter { origins.contains($0.origin) }
        let snapshotAt = (firing.isEmpty ? rows : firing).map(\.snapshotAt).max() ?? newest.snapshotAt
        let confidence = model.score(
            strength: strength, reliability: model.reliability(of: Array(origins)), record: model.record(of: rules),
            freshness: model.freshness(snapshotAt: snapshotAt, reference: reference ?? snapshotAt),
            timing: model.timing(snapshotAt: snapshotAt, firstPitch: game.firstPitch))
        let pick = Self.pick(game: game, market: key.market, side: key.side, line: line, price: price)
        let level = hits.compactMap(\.level).max()
        return SharpSignal(
            id: SharpSignal.makeId(gameKey: key.gameKey, market: key.market, side: key.side, rules: rules),
            game: game, market: key.market, side: key.side, pick: pick, hits: hits,
            differentials: rows.sorted { $0.origin < $1.origin }.map(\.evidence),
            strength: strength, level: level, lineMovement: movement, line: line, price: price,
            confidence: confidence,
            explanation: Self.explanation(pick: pick, game: game, level: level, hits: hits, confidence: confidence),
            snapshotAt: snapshotAt, detectedAt: reference ?? snapshotAt)
    }

    /// `NYM ML +130`, `ARI +1.5`, `Under 9`.
    static func pick(game: SignalGame, market: Market, side: SharpSide, line: Double?, price: Double?) -> String {
        switch market {
        case .moneyline:
            let team = game.team(for: side)?.rawValue ?? side.rawValue
            return price.map { "\(team) ML \(NumberText.signed($0))" } ?? "\(team) ML"
        case .spread:
            let team = game.team(for: side)?.rawValue ?? side.rawValue
            return line.map { "\(team) \(NumberText.signed($0))" } ?? "\(team) run line"
        case .total:
            let word = side == .over ? "Over" : "Under"
            return line.map { "\(word) \(NumberText.plain($0))" } ?? word
        }
    }

    /// `PHI@NYM NYM ML +130 (strong, high 79.6): VSIN circa 58% of money on 29% of bets (d +29, strong); …`
    static func explanation(pick: String, game: SignalGame, level: StrengthLevel?, hits: [RuleHit],
                            confidence: ConfidenceScore) -> String {
        let head = "\(game.matchup) \(pick) — \(confidence.label) confidence \(NumberText.plain(confidence.value))"
        let differential = hits.filter { $0.rule == .differential }
        var reasons: [String] = []
        if !differential.isEmpty {
            reasons.append("sharp money\(level.map { " (\($0.rawValue))" } ?? ""): "
                + differential.map(\.detail).joined(separator: ", "))
        }
        reasons += hits.filter { $0.rule != .differential }.map(\.detail)
        return head + ": " + reasons.joined(separator: "; ")
    }
}
