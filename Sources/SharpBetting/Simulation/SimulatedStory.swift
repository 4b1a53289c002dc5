/// What happens to a simulated game's betting through the day.
///
/// ```swift
/// SimulatedStory.sharpMoneyline(.home).description   // "sharp home moneyline"
/// ```
public enum SimulatedStory: Hashable, Sendable, CustomStringConvertible {
    /// Money follows tickets (|d| stays small).
    case balanced
    /// Money piles onto the side with fewer tickets and the line moves toward it (reverse line
    /// movement): the differential grows to 15–30 points by first pitch.
    case sharpMoneyline(SharpSide)
    /// Tickets on the over, money on the under, growing toward first pitch.
    case sharpUnder
    /// Heavy public money and tickets on one side (a fade candidate, not a differential).
    case publicSide(SharpSide)

    public var description: String {
        switch self {
        case .balanced: "balanced"
        case .sharpMoneyline(let side): "sharp \(side.rawValue) moneyline"
        case .sharpUnder: "sharp under"
        case .publicSide(let side): "public \(side.rawValue)"
        }
    }
}
