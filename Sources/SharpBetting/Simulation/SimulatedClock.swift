import DuckDBKit
import Foundation

/// Day arithmetic and the fixed-format timestamps of simulated payloads (no locale and no
/// formatter state, so the bytes are the same everywhere).
enum SimulatedClock {
    /// Midnight UTC of `day`.
    static func midnight(_ day: SlateDate) -> Date { day.duckDBDate.date }

    /// `day` plus `days` calendar days.
    static func adding(_ days: Int, to day: SlateDate) -> SlateDate {
        SlateDate(DuckDBDate(days: day.duckDBDate.days + Int32(days))) ?? day
    }

    /// `2025-06-17T23:10:00Z`, or `2025-06-17T23:10:00.000Z` with `milliseconds`.
    static func iso(_ date: Date, milliseconds: Bool = false) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = DuckDBDate(days: Int32(seconds / 86_400))
        let rest = seconds % 86_400
        let clock = String(format: "%02d:%02d:%02d", rest / 3600, rest / 60 % 60, rest % 60)
        return "\(day)T\(clock)\(milliseconds ? ".000" : "")Z"
    }
}
