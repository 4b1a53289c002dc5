/// Where a split came from: a source and, for per-book sources, the book (`""` for an
/// aggregate such as SBD).
///
/// ```swift
/// let origin = SplitOrigin(source: "vsin", book: "circa")
/// origin.key          // "vsin:circa"
/// origin.description  // "VSIN circa"
/// SplitOrigin(key: "sbd")?.source   // "sbd"
/// ```
public struct SplitOrigin: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The source, as stored in `raw_mlb_betting_splits.source` (e.g. `vsin`, `sbd`).
    public var source: String
    /// The book, as stored in `raw_mlb_betting_splits.book` (`""` for aggregates).
    public var book: String

    /// Creates an origin.
    public init(source: String, book: String = "") {
        self.source = source
        self.book = book
    }

    /// Parses a ``key`` (`vsin:circa`, `sbd`, `sbd:`).
    public init?(key: String) {
        let parts = key.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty else { return nil }
        self.init(source: String(first), book: parts.count > 1 ? String(parts[1]) : "")
    }

    /// `source:book`, or just `source` for an aggregate.
    public var key: String { book.isEmpty ? source : "\(source):\(book)" }

    /// `VSIN circa`, `SBD`.
    public var description: String {
        book.isEmpty ? source.uppercased() : "\(source.uppercased()) \(book)"
    }

    public static func < (lhs: SplitOrigin, rhs: SplitOrigin) -> Bool { lhs.key < rhs.key }
}
