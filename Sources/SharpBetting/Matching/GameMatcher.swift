import Foundation

/// Ties splits and prices to the schedule's canonical `gamePk`.
///
/// Doubleheaders share teams and day, so a match needs the teams **and** the start time: with a
/// time, the game of those teams that starts nearest to it (within ``tolerance``) wins; without
/// one (VSIN rows), the teams must have exactly one game that day, otherwise the match fails
/// with ``GameMatchError/ambiguous(away:home:slateDate:gamePks:)`` rather than guessing.
///
/// ```swift
/// let schedule = ScheduleParser.parse(scheduleData).values
/// let matcher = GameMatcher(schedule: schedule)
/// let game = try matcher.match(sbdSplit)                          // uses sbdSplit.gameTime
/// let other = try matcher.match(vsinSplit, slateDate: outcome.slateDate)
/// print(game.gamePk, other.gamePk)
/// ```
public struct GameMatcher: Sendable {
    /// The games to match against.
    public var schedule: [ScheduledGame]
    /// How far a source's start time may be from the schedule's (sources round, and late
    /// changes happen). Doubleheader games start several hours apart, so the nearest one wins.
    public var tolerance: TimeInterval

    /// Creates a matcher over `schedule`.
    public init(schedule: [ScheduledGame], tolerance: TimeInterval = 3 * 3600) {
        self.schedule = schedule
        self.tolerance = tolerance
    }

    /// The game of `away`@`home` that starts nearest `gameTime`, or, without a time, the only
    /// game of those teams on `slateDate` (or in the whole schedule when `slateDate` is nil).
    public func match(
        away: Team, home: Team, gameTime: Date?, slateDate: SlateDate? = nil
    ) throws(GameMatchError) -> ScheduledGame {
        let candidates = schedule.filter { $0.away == away && $0.home == home }
        if let gameTime {
            let ranked = candidates
                .map { (game: $0, distance: abs($0.gameTime.timeIntervalSince(gameTime))) }
                .sorted { $0.distance < $1.distance }
            guard let nearest = ranked.first else {
                throw .noGame(away: away, home: home, slateDate: slateDate)
            }
            guard nearest.distance <= tolerance else {
                throw .noGameNearTime(away: away, home: home, gameTime: gameTime,
                                      nearestGamePk: nearest.game.gamePk, hoursApart: nearest.distance / 3600)
            }
            let tied = ranked.filter { $0.distance == nearest.distance }
            guard tied.count == 1 else {
                throw .ambiguous(away: away, home: home, slateDate: slateDate, gamePks: tied.map(\.game.gamePk))
            }
            return nearest.game
        }
        let sameDay = slateDate.map { day in candidates.filter { Self.day(of: $0) == day } } ?? candidates
        guard let only = sameDay.first else { throw .noGame(away: away, home: home, slateDate: slateDate) }
        guard sameDay.count == 1 else {
            throw .ambiguous(away: away, home: home, slateDate: slateDate, gamePks: sameDay.map(\.gamePk))
        }
        return only
    }

    /// The game a split belongs to, using its teams and its `gameTime` when it has one.
    ///
    /// - Parameter slateDate: the payload's day (``ParseOutcome/slateDate``), used when the split
    ///   has no start time.
    public func match(_ split: Split, slateDate: SlateDate? = nil) throws(GameMatchError) -> ScheduledGame {
        try match(away: split.away, home: split.home, gameTime: split.gameTime, slateDate: slateDate)
    }

    /// The game a Pinnacle price belongs to, by teams and `startTime`.
    public func match(_ odds: Odds) throws(GameMatchError) -> ScheduledGame {
        try match(away: odds.away, home: odds.home, gameTime: odds.startTime)
    }

    /// The schedule's day for a game, or its start's calendar day in New York when the schedule
    /// did not say.
    static func day(of game: ScheduledGame) -> SlateDate? {
        if let day = game.slateDate { return day }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: game.gameTime)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return SlateDate(year: year, month: month, day: day)
    }
}
