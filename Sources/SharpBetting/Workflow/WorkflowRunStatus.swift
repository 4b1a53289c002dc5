/// The status of a whole pre-game run, computed from its stages **after** they have finished
/// (the Python version read it before it was set and reported every run as failed).
///
/// ```swift
/// let status = WorkflowRunStatus(stages: result.stages, failedFeeds: 0, playableGames: 13)
/// status == .succeeded
/// ```
public enum WorkflowRunStatus: String, Sendable, Hashable, Codable {
    /// Every stage that ran succeeded and every feed delivered.
    case succeeded
    /// Every stage that ran succeeded, but some feeds failed (their data is missing).
    case degraded
    /// A stage failed or timed out.
    case failed
    /// Nothing to do: every game asked for is postponed, final or unknown.
    case skipped

    /// The status of a run whose stages ended as `stages`.
    ///
    /// - Parameters:
    ///   - failedFeeds: feeds the collect stage reported as failed.
    ///   - playableGames: games of the run that are neither postponed nor final.
    public init(stages: [StageReport], failedFeeds: Int, playableGames: Int) {
        if stages.contains(where: { $0.status.isFailure }) {
            self = .failed
        } else if playableGames == 0 {
            self = .skipped
        } else if failedFeeds > 0 {
            self = .degraded
        } else {
            self = .succeeded
        }
    }
}
