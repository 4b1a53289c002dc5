import Foundation

/// What one pre-game run did: its status (computed after the stages finished), each stage's
/// report and timing, the collection report, the signals of its games, and the alerts sent.
///
/// ```swift
/// let result = try await workflow.run(request, using: fetcher)
/// print(result.status, result.signals.map(\.pick))
/// for stage in result.stages { print(stage.stage, stage.status, stage.milliseconds) }
/// ```
public struct PreGameRunResult: Sendable {
    /// The request.
    public var request: PreGameRunRequest
    /// The run's status.
    public var status: WorkflowRunStatus
    /// One report per stage, in stage order.
    public var stages: [StageReport]
    /// The collection, when the collect stage finished.
    public var collection: CollectionReport?
    /// The games of the run that were neither postponed nor final.
    public var playableGames: [ScheduledGame]
    /// The games of the run skipped as postponed or final.
    public var skippedGames: [ScheduledGame]
    /// The detection, when the detect stage finished (all games of the slate).
    public var detection: DetectionResult?
    /// The signals of the run's playable games.
    public var signals: [SharpSignal]
    /// Alerts sent (empty unless the run alerted).
    public var alerts: [Alert]

    /// Creates a result.
    public init(request: PreGameRunRequest, status: WorkflowRunStatus, stages: [StageReport],
                collection: CollectionReport?, playableGames: [ScheduledGame], skippedGames: [ScheduledGame],
                detection: DetectionResult?, signals: [SharpSignal], alerts: [Alert]) {
        self.request = request
        self.status = status
        self.stages = stages
        self.collection = collection
        self.playableGames = playableGames
        self.skippedGames = skippedGames
        self.detection = detection
        self.signals = signals
        self.alerts = alerts
    }

    /// The report of `stage`.
    public func stage(_ stage: WorkflowStage) -> StageReport? { stages.first { $0.stage == stage } }

    /// Total time of the stages, in milliseconds.
    public var totalMilliseconds: Double { stages.reduce(0) { $0 + $1.milliseconds } }
}
