/// One stage of a pre-game run, in the order they run. Each stage depends on the one before it:
/// when a stage fails or times out, the stages after it are skipped.
///
/// ```swift
/// for stage in WorkflowStage.allCases { print(stage.rawValue) }   // collect, detect, store, alert
/// ```
public enum WorkflowStage: String, Sendable, Hashable, Codable, CaseIterable {
    /// Fetch every feed concurrently and store the snapshots (``DataCollectorService``).
    case collect
    /// Run the detection rules over the pre-game window (``SharpDetector``).
    case detect
    /// Store the signals in `sharp_signals` and `pre_game_signals` with CRITICAL priority.
    case store
    /// Send the signals that are due (``AlertDispatcher``).
    case alert
}
