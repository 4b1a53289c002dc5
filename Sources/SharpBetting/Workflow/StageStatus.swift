/// How a stage of a pre-game run ended.
///
/// ```swift
/// let report = result.stage(.collect)
/// if report?.status == .timedOut { print("collect was stopped after its timeout") }
/// ```
public enum StageStatus: String, Sendable, Hashable, Codable {
    /// It ran to completion.
    case succeeded
    /// It threw; the error is in ``StageReport/detail``.
    case failed
    /// It ran past its timeout and was cancelled.
    case timedOut = "timed_out"
    /// It did not run: an earlier stage it depends on did not succeed, or it was not asked for.
    case skipped

    /// True for ``failed`` and ``timedOut``.
    public var isFailure: Bool { self == .failed || self == .timedOut }
}
