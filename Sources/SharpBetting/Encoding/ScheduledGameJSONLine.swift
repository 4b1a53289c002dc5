import Foundation

/// The JSON-line form of a ``ScheduledGame``: snake_case keys, sorted, `null` for what is absent.
///
/// Keys: `game_pk`, `game_time` (UTC ISO-8601), `status`, `away`, `home`, `slate_date`,
/// `game_number`, `is_playable`.
///
/// ```swift
/// let line = try ScheduledGameJSONLine(game).encoded()
/// // {"away":"PHI","game_number":null,"game_pk":777003,...}
/// ```
public struct ScheduledGameJSONLine: Encodable, Sendable, Hashable {
    var gamePk: Int
    var gameTime: String
    var status: String
    var away: String
    var home: String
    var slateDate: String?
    var gameNumber: Int?
    var isPlayable: Bool

    /// The line for `game`.
    public init(_ game: ScheduledGame) {
        gamePk = game.gamePk
        gameTime = UTCTimestamp.format(game.gameTime)
        status = game.status
        away = game.away.rawValue
        home = game.home.rawValue
        slateDate = game.slateDate?.description
        gameNumber = game.gameNumber
        isPlayable = game.isPlayable
    }

    /// The one-line JSON text (no trailing newline).
    public func encoded() throws -> String { try JSONLineEncoding.line(self) }

    enum CodingKeys: String, CodingKey {
        case status, away, home
        case gamePk = "game_pk"
        case gameTime = "game_time"
        case slateDate = "slate_date"
        case gameNumber = "game_number"
        case isPlayable = "is_playable"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gamePk, forKey: .gamePk)
        try container.encode(gameTime, forKey: .gameTime)
        try container.encode(status, forKey: .status)
        try container.encode(away, forKey: .away)
        try container.encode(home, forKey: .home)
        try container.encode(slateDate, forKey: .slateDate)
        try container.encode(gameNumber, forKey: .gameNumber)
        try container.encode(isPlayable, forKey: .isPlayable)
    }
}
