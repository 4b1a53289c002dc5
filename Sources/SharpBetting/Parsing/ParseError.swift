/// What went wrong while parsing one payload, named precisely enough to find in the payload.
///
/// A payload-level error (`game == nil`) means the payload was not what we expect and gave no
/// values; a game-level error means that game gave no values at all while the rest parsed.
///
/// ```swift
/// let error = ParseError(
///     source: .vsin, book: .circa, game: "PHI@NYM", field: "moneyline handle %",
///     kind: .notAPercentage, message: "'abc' is not a percentage")
/// print(error)
/// // vsin (circa) game PHI@NYM field 'moneyline handle %': 'abc' is not a percentage
/// ```
public struct ParseError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind of fault, for code that reacts to it.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The payload as a whole is not what we expect (not JSON, no table, top-level key
        /// missing): nothing was parsed.
        case payload
        /// A required key or cell is missing.
        case missingField
        /// A value has the wrong type or cannot be read (a line that is not a number, a bad date).
        case invalidValue
        /// A percentage cell or field holds something that is not a number.
        case notAPercentage
        /// A percentage lies outside 0…100.
        case percentageOutOfRange
        /// The two sides' percentages of one measure do not add up to about 100.
        case sidesDoNotSum
        /// A team name the alias table does not know.
        case unknownTeam
    }

    /// The source of the payload.
    public var source: SourceName
    /// The book of the payload, if the source has books.
    public var book: Book?
    /// The game (`PIT@CHC`, or the source's id) or nil for a payload-level error.
    public var game: String?
    /// The field or cell at fault, if one.
    public var field: String?
    /// The kind of fault.
    public var kind: Kind
    /// What was wrong, readable by a person.
    public var message: String

    /// Creates a parse error.
    public init(
        source: SourceName, book: Book? = nil, game: String? = nil, field: String? = nil,
        kind: Kind, message: String
    ) {
        self.source = source
        self.book = book
        self.game = game
        self.field = field
        self.kind = kind
        self.message = message
    }

    /// Whether the whole payload was rejected.
    public var isPayloadLevel: Bool { game == nil }

    public var description: String {
        var text = source.rawValue
        if let book { text += " (\(book.rawValue))" }
        if let game { text += " game \(game)" } else { text += " payload" }
        if let field { text += " field '\(field)'" }
        return text + ": " + message
    }
}
