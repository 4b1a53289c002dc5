/// How log lines are written: `text` for people, `json` (one object per line) for machines.
///
/// ```swift
/// SharpLogging.bootstrap(level: .info, format: .json)
/// ```
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}
