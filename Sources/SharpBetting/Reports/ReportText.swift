import Foundation

/// Number formatting shared by the report renderers.
enum ReportText {
    /// `$211.82`, `-$100.00`.
    static func money(_ value: Double) -> String {
        (value < 0 ? "-$" : "$") + String(format: "%.2f", abs(value))
    }

    /// `52.9%` of a fraction, or `–` when nil.
    static func percent(_ fraction: Double?) -> String {
        fraction.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
    }

    /// `+8.1%`, `-3.0%` of a fraction, or `–` when nil.
    static func signedPercent(_ fraction: Double?) -> String {
        fraction.map { ($0 >= 0 ? "+" : "") + String(format: "%.1f%%", $0 * 100) } ?? "–"
    }

    /// `+130`, `-110`.
    static func price(_ price: Double) -> String { NumberText.signed(price) }

    /// ` edge +8.9% CLV +1.2 pts`, each part when known, else nothing.
    static func edge(_ graded: GradedSignal) -> String {
        var text = ""
        if let edge = graded.edge { text += " edge " + (edge >= 0 ? "+" : "") + NumberText.plain((edge * 1000).rounded() / 10) + "%" }
        if let clv = graded.closingLineValue {
            text += " CLV " + (clv >= 0 ? "+" : "") + NumberText.plain((clv * 10).rounded() / 10) + " pts"
        }
        return text
    }

    /// The strategy record beside a signal: its best rule's backtested `W-L-P ROI` and the
    /// 0–100 part confidence took from it (`rec` 50 without a record).
    /// `differential 281-221-0 ROI +8.1% → rec 68`, `no record → rec 50`.
    static func strategyRecord(_ graded: GradedSignal) -> String {
        let score = "rec " + NumberText.plain((graded.signal.confidence.strategyRecord * 10).rounded() / 10)
        guard let record = graded.record else { return "no record → " + score }
        return "\(record.bucket.rule) \(record.wins)-\(record.losses)-\(record.pushes) ROI \(signedPercent(record.roi)) → " + score
    }

    /// `flat $10.00 · Kelly $17.04`, or nil without stakes.
    static func stakes(_ graded: GradedSignal) -> String? {
        guard let flat = graded.flatStake else { return nil }
        return "flat \(money(flat)) · Kelly " + (graded.kellyStake.map(money) ?? "–")
    }

    /// First pitch in New York time, or `–`.
    static func start(_ signal: SharpSignal) -> String { signal.game.firstPitch.map(EasternTime.clock) ?? "–" }

    /// `3-1-0`: wins-losses-pushes.
    static func record(_ record: ReportRecord) -> String { "\(record.wins)-\(record.losses)-\(record.pushes)" }
}
