/// The result of parsing one payload: the values that parsed and the errors of what did not.
///
/// Parsers never throw: a payload that is not what we expect gives one payload-level error and
/// no values; a faulty market gives an error and no value, while the other markets of its game
/// and the other games still parse. ``failedRows`` counts the rows (game × market) lost.
///
/// ```swift
/// let outcome = VSINParser.parse(html, capturedAt: now, book: .circa)
/// for error in outcome.errors { print(error) }
/// let splits = outcome.values
/// outcome.slateDate?.description   // "2025-06-17"
/// ```
public struct ParseOutcome<Value: Sendable>: Sendable {
    /// Values parsed from the payload, in payload order.
    public var values: [Value]
    /// What could not be parsed.
    public var errors: [ParseError]
    /// Rows the payload holds that could not be parsed: one per faulty market, every market of
    /// a game whose teams or header are unreadable, one per faulty schedule game. Zero for a
    /// payload rejected whole (see ``payloadError``).
    public var failedRows: Int = 0
    /// The slate day the payload says it covers (VSIN header link, SBD `group`, schedule
    /// date), when it says.
    public var slateDate: SlateDate?

    /// Creates an outcome.
    public init(values: [Value] = [], errors: [ParseError] = [], slateDate: SlateDate? = nil) {
        self.values = values
        self.errors = errors
        self.slateDate = slateDate
    }

    /// The payload-level error, if the payload as a whole was rejected.
    public var payloadError: ParseError? { errors.first(where: \.isPayloadLevel) }

    /// An outcome that rejects the whole payload.
    static func rejected(_ error: ParseError) -> ParseOutcome {
        ParseOutcome(errors: [error])
    }
}
