import Foundation

/// Plans the pre-game runs of a slate: a call at T−30, T−15 and T−5 for every game that is not
/// postponed or final (each game of a doubleheader at its own first pitch), with the calls due
/// at the same moment grouped into one run.
///
/// ```swift
/// let plans = PreGameSchedulePlanner().plan(schedule, from: now)
/// for plan in plans { print(plan.runAt, plan.label) }
/// ```
public struct PreGameSchedulePlanner: Sendable {
    /// Minutes before first pitch of the call that alerts.
    public static let alertMinutesBefore = 5

    /// Minutes before first pitch of each call.
    public var minutesBefore: [Int]

    /// A planner with calls at `minutesBefore` (T−30, T−15, T−5 by default).
    public init(minutesBefore: [Int] = [30, 15, 5]) { self.minutesBefore = minutesBefore }

    /// The runs due at or after `from` (nil: all), in time order.
    public func plan(_ games: [ScheduledGame], from: Date? = nil) -> [PreGameRunPlan] {
        var byTime: [Date: [PreGameCall]] = [:]
        for game in games where game.isPlayable {
            for minutes in minutesBefore {
                let call = PreGameCall(game: game, minutesBefore: minutes)
                if let from, call.runAt < from { continue }
                byTime[call.runAt, default: []].append(call)
            }
        }
        return byTime.keys.sorted().map { time in
            PreGameRunPlan(runAt: time, calls: byTime[time]!.sorted {
                ($0.game.gameTime, $0.game.gamePk) < ($1.game.gameTime, $1.game.gamePk)
            })
        }
    }
}
