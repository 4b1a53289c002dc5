import Foundation

/// Why a split or price could not be tied to one scheduled game.
///
/// ```swift
/// do { _ = try matcher.match(vsinSplit, slateDate: day) }
/// catch { print(error) }
/// // CWS@DET on 2025-06-17: 2 games (777001, 777002) and no start time to tell them apart
/// ```
public enum GameMatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No game of these teams (in this alignment) on the schedule, or that day.
    case noGame(away: Team, home: Team, slateDate: SlateDate?)
    /// Games of these teams exist, but none starts within the tolerance of the given time.
    case noGameNearTime(away: Team, home: Team, gameTime: Date, nearestGamePk: Int, hoursApart: Double)
    /// More than one game fits (a doubleheader seen without a start time, or two games equally
    /// near the given time).
    case ambiguous(away: Team, home: Team, slateDate: SlateDate?, gamePks: [Int])

    public var description: String {
        switch self {
        case let .noGame(away, home, day):
            return "\(away.rawValue)@\(home.rawValue)\(day.map { " on \($0)" } ?? ""): no such game on the schedule"
        case let .noGameNearTime(away, home, time, nearest, hours):
            let rounded = (hours * 10).rounded() / 10
            return "\(away.rawValue)@\(home.rawValue) at \(UTCTimestamp.format(time)): "
                + "nearest game \(nearest) starts \(rounded) h away, beyond the tolerance"
        case let .ambiguous(away, home, day, pks):
            return "\(away.rawValue)@\(home.rawValue)\(day.map { " on \($0)" } ?? ""): \(pks.count) games ("
                + pks.map(String.init).joined(separator: ", ") + ") and no start time to tell them apart"
        }
    }
}
