import Foundation

/// A deterministic generator of MLB slates: the same seed gives the same games, stories and
/// payload bytes; another seed gives others.
///
/// A day has up to 15 games — one doubleheader (the same teams at 17:05 and 23:10 UTC) and one
/// postponed game — with captures every `captureInterval` from `boardOpensHour` UTC until the
/// last first pitch, plus two per first pitch as a live collector takes them: at T−5 (the
/// pre-game workflow's alert run) and at T−1 (the close). Lines move, and on some games public
/// and sharp money part ways (see ``SimulatedStory``). After T−5 every line moves once more:
/// toward the story's sharp side by ``closingMove`` points of fair probability on average
/// (drawn per game between half and one and a half times it), plus noise of up to
/// ``closingNoise`` points either way on every game — so closing-line value has a known answer
/// (about ``closingMove`` for a pick on the sharp side, about 0 for noise). `games: 2430` spreads a season over 162 days; days are made one at a
/// time (``slate(day:)``, ``slates``), so a season never sits in memory at once.
///
/// ```swift
/// let simulator = SlateSimulator(seed: 42)                  // one day, 15 games
/// let slate = simulator.slate(day: 0)
/// print(slate.captureTimes.count, slate.games.map(\.matchup))
/// for day in SlateSimulator(seed: 42, games: 2430).slates { _ = day.payload(.sbd, at: 0) }
/// // A season whose sharp side wins 56% of the time, with final scores for a backtest:
/// let season = SlateSimulator(seed: 42, games: 2430, sharpWinRate: 0.56)
/// let scores = season.slate(day: 0).outcomesPayload   // the schedule with final scores
/// // Lines that move 3 points toward the sharp side after T−5 (a known CLV of +3 pts):
/// let moving = SlateSimulator(seed: 42, games: 450, sharpWinRate: 0.56, closingMove: 3)
/// ```
public struct SlateSimulator: Sendable {
    /// The seed.
    public let seed: UInt64
    /// Games in all, over as many days as needed (15 a day).
    public let games: Int
    /// The first slate day.
    public let startDate: SlateDate
    /// Time between captures, in seconds.
    public let captureInterval: TimeInterval
    /// The UTC hour of the first capture of a day.
    public let boardOpensHour: Int
    /// How often the sharp side wins (0…1), or nil for the market's own probabilities.
    ///
    /// With a rate, a game's final score (``SimulatedSlate/outcomes``) follows its story: the
    /// side with the sharp money (``SimulatedStory/sharpMoneyline(_:)``), the side opposite the
    /// public (``SimulatedStory/publicSide(_:)``) and the under (``SimulatedStory/sharpUnder``)
    /// win with this probability, drawn from the seed. The market does not know it: a sharp
    /// side opens as a slight underdog (39–47%, closing 45–53% once the money moves the line),
    /// so its prices sit near even money and a backtest's answer is known — at 0.56 the sharp
    /// side beats its prices, at 0.50 it does not. Without a rate the scores follow the
    /// closing home probability and 50% for the total.
    public let sharpWinRate: Double?
    /// The average move of the sharp side's fair probability from T−5 to the close, in points
    /// (2: two points; 0: sharp sides do not move at the close). Each game's is drawn from the
    /// seed between half and one and a half times it.
    public let closingMove: Double
    /// The largest move at the close that is noise (either way, uniform), in points, on every game.
    public let closingNoise: Double

    /// Games per day.
    public static let gamesPerDay = 15

    /// A simulator of `games` games from `startDate`, captured every `captureInterval` seconds.
    public init(
        seed: UInt64, games: Int = 15, startDate: SlateDate = SlateDate(year: 2025, month: 6, day: 17)!,
        captureInterval: TimeInterval = 300, boardOpensHour: Int = 14, sharpWinRate: Double? = nil,
        closingMove: Double = 2, closingNoise: Double = 1
    ) {
        self.seed = seed
        self.games = max(0, games)
        self.startDate = startDate
        self.captureInterval = max(60, captureInterval)
        self.boardOpensHour = boardOpensHour
        self.sharpWinRate = sharpWinRate.map { min(1, max(0, $0)) }
        self.closingMove = max(0, closingMove)
        self.closingNoise = max(0, closingNoise)
    }

    /// Days needed for ``games``.
    public var dayCount: Int { (games + Self.gamesPerDay - 1) / Self.gamesPerDay }

    /// Every day, made lazily one at a time.
    public var slates: LazyMapSequence<Range<Int>, SimulatedSlate> { (0..<dayCount).lazy.map(slate(day:)) }

    /// Day `day` (0-based) of the run.
    public func slate(day: Int) -> SimulatedSlate {
        let date = SimulatedClock.adding(day, to: startDate)
        let midnight = SimulatedClock.midnight(date)
        let count = min(Self.gamesPerDay, games - day * Self.gamesPerDay)
        var rng = SplitMix64(seed: seed, UInt64(day))
        var teams = Team.allCases
        for i in stride(from: teams.count - 1, to: 0, by: -1) { teams.swapAt(i, rng.int(in: 0...i)) }

        let hasDoubleheader = count >= 2
        let postponedIndex = count >= 3 ? count - 1 : nil
        let evening = [22 * 60 + 35, 22 * 60 + 40, 22 * 60 + 45, 23 * 60 + 5, 23 * 60 + 10, 23 * 60 + 40,
                       24 * 60 + 5, 24 * 60 + 10, 24 * 60 + 40, 25 * 60 + 38, 25 * 60 + 40, 25 * 60 + 45, 26 * 60 + 10]
        var made: [SimulatedGame] = []
        for index in 0..<max(0, count) {
            let pair = hasDoubleheader ? max(0, index - 1) : index
            let away = teams[2 * pair], home = teams[2 * pair + 1]
            let minutes: Int
            let number: Int
            switch (hasDoubleheader, index) {
            case (true, 0): (minutes, number) = (17 * 60 + 5, 1)
            case (true, 1): (minutes, number) = (23 * 60 + 10, 2)
            default: (minutes, number) = (evening[rng.int(in: 0...(evening.count - 1))], 1)
            }
            let serial = day * Self.gamesPerDay + index + 1
            var story: SimulatedStory = .balanced
            let roll = rng.unit()
            if roll >= 0.55 && roll < 0.75 {
                story = .sharpMoneyline(rng.unit() < 0.5 ? .home : .away)
            } else if roll >= 0.75 && roll < 0.87 {
                story = .sharpUnder
            } else if roll >= 0.87 {
                story = .publicSide(rng.unit() < 0.5 ? .home : .away)
            }
            var homeProbability = rng.double(in: 0.36...0.64)
            if sharpWinRate != nil, case .sharpMoneyline(let side) = story {
                // The sharp side opens a slight underdog (see `sharpWinRate`).
                let sharpSide = 0.39 + 0.08 * (homeProbability - 0.36) / 0.28
                homeProbability = side == .home ? sharpSide : 1 - sharpSide
            }
            var game = SimulatedGame(
                gamePk: 800_000 + serial, matchupId: 1_620_000_000 + serial, away: away, home: home,
                startTime: midnight.addingTimeInterval(Double(minutes * 60)), gameNumber: number,
                isPostponed: index == postponedIndex, story: story,
                openingHomeProbability: homeProbability,
                publicHomeBets: (30 + 50 * homeProbability + rng.double(in: -6...6)).rounded(),
                openingTotal: Double(rng.int(in: 14...22)) / 2,
                publicOverBets: Double(rng.int(in: 52...76)),
                strength: rng.double(in: 15...30),
                totalMoves: rng.unit() < 0.15)
            (game.closingHomeShift, game.closingOverShift) = closingShifts(of: game)
            made.append(game)
        }
        let opens = midnight.addingTimeInterval(Double(boardOpensHour * 3600))
        let lastPitch = made.filter { !$0.isPostponed }.map(\.startTime).max() ?? opens
        var times: Set<Date> = []
        var time = opens
        while time < lastPitch {
            times.insert(time)
            time = time.addingTimeInterval(captureInterval)
        }
        // As a live collector would: T−5 (the pre-game alert run) and T−1 (the close) of each game.
        for game in made where !game.isPostponed {
            for lead in [Self.closeStartsBefore, 60] where game.startTime.addingTimeInterval(-lead) >= opens {
                times.insert(game.startTime.addingTimeInterval(-lead))
            }
        }
        if times.isEmpty { times = [opens] }
        return SimulatedSlate(seed: seed ^ UInt64(day), date: date, games: made, boardOpens: opens, captureTimes: times.sorted(),
                              sharpWinRate: sharpWinRate)
    }

    /// Seconds before first pitch from which a game's lines have closed: T−5.
    public static let closeStartsBefore: TimeInterval = 300

    /// The moves of `game`'s fair probabilities at the close, (home win or cover, over), from a
    /// stream of the seed of their own (so the rest of the slate is what it was without them).
    func closingShifts(of game: SimulatedGame) -> (home: Double, over: Double) {
        var rng = SplitMix64(seed: seed, UInt64(game.gamePk), 0xC105E)
        let move = closingMove / 100 * rng.double(in: 0.5...1.5)
        let noise = closingNoise / 100
        var home = noise * rng.double(in: -1...1)
        var over = noise * rng.double(in: -1...1)
        switch game.story {
        case .sharpMoneyline(let side): home += side == .home ? move : -move
        case .publicSide(let side): home += side == .home ? -move : move
        case .sharpUnder: over -= move
        case .balanced: break
        }
        return (home, over)
    }
}
