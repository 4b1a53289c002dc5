import SharpBetting

extension PreGameWorkflowService {
    /// A workflow for tests about what a run does, not about when it gives up: stage timeouts and
    /// the run deadline far beyond any run. On a loaded machine (the whole suite, a build beside
    /// it) the real two and four minutes can pass, which would fail a run these tests expect to
    /// succeed. The limits themselves are tested with limits that must expire
    /// (`PreGameWorkflowTests.theRunStopsAtItsOverallDeadlineWhateverTheStageTimeouts`).
    static func unhurried(db: Database, sinks: [any AlertSink], sizing: StakeSizing? = nil,
                          stageTimeouts: [WorkflowStage: Duration] = [:]) -> Self {
        PreGameWorkflowService(db: db, sinks: sinks, sizing: sizing, stageTimeout: .seconds(3600),
                               stageTimeouts: stageTimeouts, runDeadline: .seconds(3600))
    }
}
