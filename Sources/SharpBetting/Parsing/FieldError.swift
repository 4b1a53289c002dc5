/// A fault inside one game, thrown by the field readers and turned into a ``ParseError``
/// that names the source and the game.
struct FieldError: Error, Sendable {
    var field: String
    var kind: ParseError.Kind
    var message: String

    func parseError(source: SourceName, book: Book?, game: String) -> ParseError {
        ParseError(source: source, book: book, game: game, field: field, kind: kind, message: message)
    }
}
