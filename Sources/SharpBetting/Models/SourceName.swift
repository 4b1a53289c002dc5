/// Where a payload came from.
///
/// ```swift
/// SourceName.vsin.rawValue   // "vsin"
/// ```
public enum SourceName: String, CaseIterable, Codable, Sendable, Hashable {
    /// SportsBettingDime's aggregate betting-splits feed (JSON).
    case sbd
    /// VSIN's per-book betting-splits page (HTML).
    case vsin
    /// Pinnacle's guest API: matchups and straight markets (JSON, odds only).
    case pinnacle
    /// The MLB Stats API schedule (JSON).
    case schedule
}
