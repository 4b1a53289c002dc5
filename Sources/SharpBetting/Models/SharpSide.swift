/// The side that sharp money leans to in one market, as ``Split/sharpAction(threshold:)``
/// reports it.
///
/// Raw values are the words stored in `sharp_action`: `home`, `away`, `over`, `under`.
///
/// ```swift
/// SharpSide.home.rawValue   // "home"
/// ```
public enum SharpSide: String, CaseIterable, Codable, Sendable, Hashable {
    /// Money leans to the home team beyond its share of tickets.
    case home
    /// Money leans to the away team beyond its share of tickets.
    case away
    /// Money leans to the over beyond its share of tickets.
    case over
    /// Money leans to the under beyond its share of tickets.
    case under
}
