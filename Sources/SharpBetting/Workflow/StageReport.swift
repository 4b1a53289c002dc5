import Foundation

/// What one stage of a pre-game run did: its status, when it started and finished, the rows it
/// produced, and a detail (the error when it failed, the reason when it was skipped).
///
/// ```swift
/// for stage in result.stages {
///     print(stage.stage, stage.status, String(format: "%.0f ms", stage.milliseconds), stage.detail ?? "")
/// }
/// ```
public struct StageReport: Sendable, Hashable, Codable {
    /// The stage.
    public var stage: WorkflowStage
    /// How it ended.
    public var status: StageStatus
    /// When it started (wall clock).
    public var startedAt: Date
    /// When it finished (wall clock).
    public var finishedAt: Date
    /// Its duration, in milliseconds (measured on a monotonic clock).
    public var milliseconds: Double
    /// Rows it produced: snapshots stored, signals detected, signals stored, alerts sent.
    public var rows: Int?
    /// The error, the skip reason, or a note (e.g. feeds that failed).
    public var detail: String?

    /// Creates a report.
    public init(stage: WorkflowStage, status: StageStatus, startedAt: Date, finishedAt: Date,
                milliseconds: Double, rows: Int? = nil, detail: String? = nil) {
        self.stage = stage
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.milliseconds = milliseconds
        self.rows = rows
        self.detail = detail
    }

    /// A stage that did not run, for `reason`.
    public static func skipped(_ stage: WorkflowStage, at time: Date, reason: String) -> StageReport {
        StageReport(stage: stage, status: .skipped, startedAt: time, finishedAt: time, milliseconds: 0, detail: reason)
    }
}
