import Foundation

/// Short number formatting for picks and explanations: `29`, `30.35`, `+29`, `-1.5`, `+130`.
enum NumberText {
    /// At most two decimals, no trailing zeros.
    static func plain(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// Like ``plain(_:)`` with a leading `+` for positive values.
    static func signed(_ value: Double) -> String {
        value > 0 ? "+" + plain(value) : plain(value)
    }
}
