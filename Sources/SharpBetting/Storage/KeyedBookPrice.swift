import Foundation

/// A sportsbook's price row together with the game it was filed under: one row of `book_prices`.
///
/// ```swift
/// let keyed = KeyedBookPrice(price: price, gameKey: .matched(gamePk: 777003), gameDate: day)
/// keyed.gameKey.rawValue   // "777003"
/// ```
public struct KeyedBookPrice: Hashable, Sendable {
    /// The parsed prices.
    public var price: BookPrice
    /// The game they belong to.
    public var gameKey: GameKey
    /// The slate day of the game.
    public var gameDate: SlateDate
    /// First pitch: the schedule's when matched, else the feed's.
    public var gameTime: Date?

    /// Files `price` under `gameKey`.
    public init(price: BookPrice, gameKey: GameKey, gameDate: SlateDate, gameTime: Date? = nil) {
        self.price = price
        self.gameKey = gameKey
        self.gameDate = gameDate
        self.gameTime = gameTime ?? price.gameTime
    }
}
