/// A sportsbook whose splits a source reports, as a string-backed value.
///
/// VSIN publishes one page per book (`circa`, `dk`); SBD is an aggregate and has no book,
/// so an SBD ``Split`` carries `book == nil`. New books need no code change:
/// `Book("betmgm")` works as well as the named constants.
///
/// ```swift
/// let book: Book = .circa
/// book.rawValue                      // "circa"
/// Book("dk") == .dk                  // true
/// ```
public struct Book: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The identifier the source uses for the book, e.g. VSIN's `bookid` query value.
    public let rawValue: String

    /// Circa Sports (VSIN `bookid=circa`).
    public static let circa = Book("circa")
    /// DraftKings (VSIN `bookid=dk`).
    public static let dk = Book("dk")

    /// Creates a book from its identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
