import Foundation

/// What one pre-game run is asked to do: the slate and capture time, which games (one, some,
/// or the whole slate), and whether to alert.
///
/// ```swift
/// let day = SlateDate("2025-06-17")!
/// let at = ISO8601DateFormatter().date(from: "2025-06-17T23:05:00Z")!
/// let oneGame = PreGameRunRequest(slateDate: day, capturedAt: at, gameIds: [777003], alert: true)
/// let slate = PreGameRunRequest(slateDate: day, capturedAt: at)
/// oneGame.runId   // "pregame:2025-06-17T23-05-00Z:777003"
/// ```
public struct PreGameRunRequest: Sendable, Hashable {
    /// The slate day.
    public var slateDate: SlateDate
    /// The capture (and detection) time of the run.
    public var capturedAt: Date
    /// The games of the run (MLB gamePk); nil: the whole slate.
    public var gameIds: Set<Int>?
    /// Send alerts (the T−5 run, or when asked).
    public var alert: Bool
    /// With ``alert``: alert only the signals of these games (those at T−5 in a run that also
    /// holds earlier calls of other games); nil: every game of the run.
    public var alertGameIds: Set<Int>?
    /// A label for logs and `pre_game_data.run_label`, e.g. `T-5 PHI@NYM`.
    public var label: String

    /// Creates a request.
    public init(slateDate: SlateDate, capturedAt: Date, gameIds: Set<Int>? = nil, alert: Bool = false,
                alertGameIds: Set<Int>? = nil, label: String? = nil) {
        self.alertGameIds = alertGameIds
        self.slateDate = slateDate
        self.capturedAt = capturedAt
        self.gameIds = gameIds
        self.alert = alert
        self.label = label ?? (gameIds.map { "games \($0.sorted().map(String.init).joined(separator: ","))" } ?? "slate")
    }

    /// A stable id: the same request gives the same id, so re-running it updates its rows in
    /// `pre_game_data` and `pre_game_signals` instead of adding new ones.
    public var runId: String {
        "pregame:" + ReplayCapture.folderName(for: capturedAt) + ":"
            + (gameIds.map { $0.sorted().map(String.init).joined(separator: ",") } ?? "slate")
    }
}
