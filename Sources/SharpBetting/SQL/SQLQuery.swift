import DuckDBKit

/// A SQL statement and its bound values, written as one interpolated string: every
/// interpolated ``DuckDBValue`` becomes the next `$n` placeholder, in order, so text and
/// parameters can never drift apart, and fragments compose (a nested query's values are
/// renumbered where it lands). `$1 … $n` is the placeholder form both engines accept.
///
/// ```swift
/// let day: SlateDate = …
/// let scope: SQLQuery = "SELECT * FROM games WHERE game_date = \(.date(day.duckDBDate))"
/// let query: SQLQuery = "WITH g AS (\(scope)) SELECT count(*) AS n FROM g WHERE status <> \(.string("Final"))"
/// query.sql          // "WITH g AS (SELECT * FROM games WHERE game_date = $1) SELECT … WHERE status <> $2"
/// query.parameters   // [.date(…), .string("Final")]
/// let rows = try await db.read(query)
/// ```
///
/// Contract: only ``DuckDBValue``s and other `SQLQuery`s interpolate without a label; SQL text
/// from a variable needs `\(raw:)` and must never hold user input (identifiers go through
/// `SQLIdentifier`, values are bound).
public struct SQLQuery: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case text(String)
        case value(DuckDBValue)
    }

    private(set) var segments: [Segment]

    /// A query of trusted text without values.
    public init(stringLiteral value: String) { segments = value.isEmpty ? [] : [.text(value)] }

    public init(stringInterpolation: StringInterpolation) { segments = stringInterpolation.segments }

    private init(segments: [Segment]) { self.segments = segments }

    /// Trusted SQL text (a constant, a table name from code), never user input.
    public static func raw(_ text: String) -> SQLQuery { SQLQuery(segments: text.isEmpty ? [] : [.text(text)]) }

    /// The text with `$1 … $n` for the values, in order.
    public var sql: String {
        var text = ""
        var number = 0
        for segment in segments {
            switch segment {
            case .text(let part): text += part
            case .value:
                number += 1
                text += "$\(number)"
            }
        }
        return text
    }

    /// The bound values, in placeholder order.
    public var parameters: [DuckDBValue] {
        segments.compactMap { if case .value(let value) = $0 { value } else { nil } }
    }

    public var description: String { sql }

    /// `lhs` followed by `rhs`.
    public static func + (lhs: SQLQuery, rhs: SQLQuery) -> SQLQuery { SQLQuery(segments: lhs.segments + rhs.segments) }

    /// `parts` joined by `separator` (`", "`, `" AND "`).
    public static func joined(_ parts: [SQLQuery], separator: String) -> SQLQuery {
        var segments: [Segment] = []
        for (index, part) in parts.enumerated() {
            if index > 0 { segments.append(.text(separator)) }
            segments += part.segments
        }
        return SQLQuery(segments: segments)
    }

    /// `$1, $2, …, $count`: the placeholders of a statement run once per parameter row.
    public static func placeholders(_ count: Int, from first: Int = 1) -> String {
        (first..<(first + count)).map { "$\($0)" }.joined(separator: ", ")
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var segments: [Segment] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            segments.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { segments.append(.text(literal)) }
        }

        /// A bound value: the next `$n`.
        public mutating func appendInterpolation(_ value: DuckDBValue) { segments.append(.value(value)) }

        /// A nested query: its text and values, renumbered here.
        public mutating func appendInterpolation(_ query: SQLQuery) { segments += query.segments }

        /// Bound values separated by commas, for `IN (…)`.
        public mutating func appendInterpolation(list values: [DuckDBValue]) {
            for (index, value) in values.enumerated() {
                if index > 0 { segments.append(.text(", ")) }
                segments.append(.value(value))
            }
        }

        /// Trusted SQL text (a constant, a table or column name from code), never user input.
        public mutating func appendInterpolation(raw text: String) {
            if !text.isEmpty { segments.append(.text(text)) }
        }
    }
}
