/// One stage of a pre-game run, in the order they run. Collect, detect and alert each depend on
/// the one before: when one fails or times out, the stages after it are skipped, except store,
/// which runs whenever detect succeeded with a playable game (a failed alert stage does not
/// lose the signals).
///
/// ```swift
/// for stage in WorkflowStage.allCases { print(stage.rawValue) }   // collect, detect, alert, store
/// ```
public enum WorkflowStage: String, Sendable, Hashable, Codable, CaseIterable {
    /// Fetch every feed concurrently and store the snapshots (``DataCollectorService``).
    case collect
    /// Run the detection rules over the pre-game window (``SharpDetector``).
    case detect
    /// Send the signals that are due (``AlertDispatcher``); the ledger is written by store.
    case alert
    /// Commit the run in **one** transaction: `sharp_signals`, `pre_game_signals` (with their
    /// alerted flags), the alert ledger and the run's stage records in `pre_game_data`.
    case store
}
