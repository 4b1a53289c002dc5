import Foundation

/// The final score of a simulated game, drawn from the seed: who wins and how many runs, as
/// ``SlateSimulator/sharpWinRate`` makes them depend on the game's story.
///
/// The winner's side and whether the total goes over are drawn first; the runs then fit both
/// (no pushes on a half-run total, none on a whole one either: the runs miss it by 1–4).
///
/// ```swift
/// let game = SlateSimulator(seed: 3, sharpWinRate: 0.56).slate(day: 0).games[0]
/// let score = SimulatedOutcome.outcome(of: game, on: SlateDate("2025-06-17")!, seed: 3, sharpWinRate: 0.56)
/// score.scoreLine   // e.g. "SEA 3 @ TB 5"
/// ```
enum SimulatedOutcome {
    static func outcome(of game: SimulatedGame, on date: SlateDate, seed: UInt64, sharpWinRate: Double?) -> GameOutcome {
        var rng = SplitMix64(seed: seed, UInt64(game.gamePk), 0x5C0E)
        let homeWinChance: Double
        var overChance = 0.5
        switch (game.story, sharpWinRate) {
        case (.sharpMoneyline(let side), let rate?): homeWinChance = side == .home ? rate : 1 - rate
        case (.publicSide(let side), let rate?): homeWinChance = side == .home ? 1 - rate : rate
        case (.sharpUnder, let rate?):
            homeWinChance = game.homeProbability(progress: 1)
            overChance = 1 - rate
        default: homeWinChance = game.homeProbability(progress: 1)
        }
        let homeWins = rng.unit() < homeWinChance
        let over = rng.unit() < overChance
        let line = game.total(progress: 1)
        let miss = rng.int(in: 0...3)
        let runs = over ? Int(line.rounded(.down)) + 1 + miss : max(1, Int(line.rounded(.up)) - 1 - miss)
        let loser = rng.int(in: 0...((runs - 1) / 2))
        let winner = runs - loser
        return GameOutcome(gameId: game.gamePk, gameDate: date, away: game.away, home: game.home,
                           awayScore: homeWins ? loser : winner, homeScore: homeWins ? winner : loser, status: "Final")
    }
}
