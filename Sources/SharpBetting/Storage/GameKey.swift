/// The `game_key` under which splits and prices are stored.
///
/// A split tied to the schedule is stored under its `gamePk` as text (`"777003"`). One that
/// cannot be tied without guessing (a VSIN row of a doubleheader: no start time) is stored under
/// `YYYY-MM-DD:AWY@HOM`; when one payload holds several such rows of the same teams, the second
/// and later get `#2`, `#3`… in payload order, so no row overwrites or hides another.
///
/// ```swift
/// GameKey.matched(gamePk: 777003).rawValue                                   // "777003"
/// GameKey.unmatched(slateDate: SlateDate("2025-06-17")!, away: .cws, home: .det).rawValue
/// // "2025-06-17:CWS@DET"
/// GameKey.unmatched(slateDate: SlateDate("2025-06-17")!, away: .cws, home: .det, occurrence: 2).rawValue
/// // "2025-06-17:CWS@DET#2"
/// ```
public struct GameKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The text stored in `game_key`.
    public let rawValue: String
    /// The gamePk when the key names a scheduled game.
    public let gamePk: Int?

    /// The key of a game found on the schedule.
    public static func matched(gamePk: Int) -> GameKey {
        GameKey(rawValue: String(gamePk), gamePk: gamePk)
    }

    /// The fallback key of a game that could not be tied to the schedule.
    ///
    /// - Parameter occurrence: 1 for the first row of these teams in the payload, 2 for the
    ///   second (a doubleheader seen without start times), and so on.
    public static func unmatched(slateDate: SlateDate, away: Team, home: Team, occurrence: Int = 1) -> GameKey {
        let base = "\(slateDate):\(away.rawValue)@\(home.rawValue)"
        return GameKey(rawValue: occurrence > 1 ? "\(base)#\(occurrence)" : base, gamePk: nil)
    }

    public var description: String { rawValue }

    public static func < (lhs: GameKey, rhs: GameKey) -> Bool { lhs.rawValue < rhs.rawValue }
}
