import Foundation

/// Files the splits and prices of one payload under game keys, using ``GameMatcher``.
///
/// - A split or price with a start time (SBD, Pinnacle) is matched by teams **and** time, so
///   the two games of a doubleheader resolve to their own `gamePk`.
/// - A VSIN row (no start time) is matched when the teams have one game that day, or when the
///   payload lists the teams once and exactly one of their games is still to be played (a
///   finished or postponed game takes no bets). Otherwise it is not guessed: it is stored under
///   the fallback key `YYYY-MM-DD:AWY@HOM`, the second such row of the payload under `…#2`.
///
/// ```swift
/// let resolver = GameKeyResolver(schedule: games, slateDate: day)
/// let (keyed, unmatched) = resolver.key(outcome.values, payloadDate: outcome.slateDate)
/// for note in unmatched { print(note) }   // "CWS@DET on 2025-06-17: 2 games (…) …"
/// ```
public struct GameKeyResolver: Sendable {
    /// The matcher over the slate's schedule.
    public let matcher: GameMatcher
    /// The day used for fallback keys when the payload does not name one.
    public let slateDate: SlateDate

    /// A resolver over `schedule` for the slate `slateDate`.
    public init(schedule: [ScheduledGame], slateDate: SlateDate) {
        matcher = GameMatcher(schedule: schedule)
        self.slateDate = slateDate
    }

    /// The splits of one payload with their keys, and why the unmatched ones were not matched.
    public func key(_ splits: [Split], payloadDate: SlateDate?) -> (keyed: [KeyedSplit], unmatched: [String]) {
        let day = payloadDate ?? slateDate
        // Each game row of the payload: SBD names it by `_id`; a VSIN row is a run of splits of
        // one matchup in which no market repeats.
        var rows: [(teams: Pair, splits: [Split])] = []
        var open: [Pair: Int] = [:]
        for split in splits {
            let pair = Pair(away: split.away, home: split.home)
            if let index = open[pair], rows[index].splits.allSatisfy({
                $0.market != split.market && $0.sourceGameId == split.sourceGameId
            }) {
                rows[index].splits.append(split)
            } else {
                open[pair] = rows.count
                rows.append((pair, [split]))
            }
        }
        let rowsPerPair = Dictionary(rows.map { ($0.teams, 1) }, uniquingKeysWith: +)
        var fallbackCount: [Pair: Int] = [:]
        var keyed: [KeyedSplit] = []
        var notes: [String] = []
        for row in rows {
            let first = row.splits[0]
            switch resolve(away: first.away, home: first.home, gameTime: first.gameTime, day: day,
                           rowsInPayload: rowsPerPair[row.teams] ?? 1) {
            case .success(let game):
                let gameDay = game.slateDate ?? GameMatcher.day(of: game) ?? day
                keyed += row.splits.map {
                    KeyedSplit(split: $0, gameKey: .matched(gamePk: game.gamePk), gameDate: gameDay, gameTime: game.gameTime)
                }
            case .failure(let error):
                fallbackCount[row.teams, default: 0] += 1
                let key = GameKey.unmatched(slateDate: day, away: first.away, home: first.home,
                                            occurrence: fallbackCount[row.teams]!)
                keyed += row.splits.map { KeyedSplit(split: $0, gameKey: key, gameDate: day, gameTime: nil) }
                notes.append("\(error); stored as \(key)")
            }
        }
        return (keyed, notes)
    }

    /// Pinnacle prices with their keys (matched by teams and start time), and notes on the
    /// unmatched ones.
    public func key(_ odds: [Odds]) -> (keyed: [KeyedOdds], unmatched: [String]) {
        var keyed: [KeyedOdds] = []
        var notes: [String] = []
        var fallbackCount: [Pair: Int] = [:]
        var fallbackKeys: [Int: GameKey] = [:]
        for item in odds {
            switch resolve(away: item.away, home: item.home, gameTime: item.startTime, day: slateDate, rowsInPayload: 1) {
            case .success(let game):
                keyed.append(KeyedOdds(odds: item, gameKey: .matched(gamePk: game.gamePk),
                                       gameDate: game.slateDate ?? GameMatcher.day(of: game) ?? slateDate,
                                       gameTime: game.gameTime))
            case .failure(let error):
                let key: GameKey
                if let known = fallbackKeys[item.matchupId] {
                    key = known
                } else {
                    let pair = Pair(away: item.away, home: item.home)
                    fallbackCount[pair, default: 0] += 1
                    key = .unmatched(slateDate: slateDate, away: item.away, home: item.home,
                                     occurrence: fallbackCount[pair]!)
                    fallbackKeys[item.matchupId] = key
                    notes.append("\(error); stored as \(key)")
                }
                keyed.append(KeyedOdds(odds: item, gameKey: key, gameDate: slateDate))
            }
        }
        return (keyed, notes)
    }

    /// Sportsbook prices of one payload with their keys (matched by teams and start time, as for
    /// SBD's splits), and why the unmatched ones were not matched.
    public func key(_ prices: [BookPrice]) -> (keyed: [KeyedBookPrice], unmatched: [String]) {
        var keyed: [KeyedBookPrice] = []
        var notes: [String] = []
        var fallbackCount: [Pair: Int] = [:]
        var fallbackKeys: [String: GameKey] = [:]
        for item in prices {
            switch resolve(away: item.away, home: item.home, gameTime: item.gameTime, day: slateDate, rowsInPayload: 1) {
            case .success(let game):
                keyed.append(KeyedBookPrice(price: item, gameKey: .matched(gamePk: game.gamePk),
                                            gameDate: game.slateDate ?? GameMatcher.day(of: game) ?? slateDate,
                                            gameTime: game.gameTime))
            case .failure(let error):
                let id = item.sourceGameId ?? item.matchup
                let key: GameKey
                if let known = fallbackKeys[id] {
                    key = known
                } else {
                    let pair = Pair(away: item.away, home: item.home)
                    fallbackCount[pair, default: 0] += 1
                    key = .unmatched(slateDate: slateDate, away: item.away, home: item.home, occurrence: fallbackCount[pair]!)
                    fallbackKeys[id] = key
                    notes.append("\(error); prices stored as \(key)")
                }
                keyed.append(KeyedBookPrice(price: item, gameKey: key, gameDate: slateDate))
            }
        }
        return (keyed, notes)
    }

    private struct Pair: Hashable {
        var away: Team
        var home: Team
    }

    private func resolve(
        away: Team, home: Team, gameTime: Date?, day: SlateDate, rowsInPayload: Int
    ) -> Result<ScheduledGame, GameMatchError> {
        do {
            return .success(try matcher.match(away: away, home: home, gameTime: gameTime, slateDate: day))
        } catch {
            // Without a time, one row and one game still to be played is not a guess.
            if case .ambiguous(_, _, _, let pks) = error, gameTime == nil, rowsInPayload == 1 {
                let open = matcher.schedule.filter { pks.contains($0.gamePk) && $0.isPlayable }
                if open.count == 1 { return .success(open[0]) }
            }
            return .failure(error)
        }
    }
}
