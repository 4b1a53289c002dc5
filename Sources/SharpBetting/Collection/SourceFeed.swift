/// One feed the collector fetches: a source, and for VSIN one book's page. Each feed is fetched,
/// parsed, counted and reported on its own, so one failing feed does not stop the others.
///
/// ```swift
/// SourceFeed.vsin(.dk).name                          // "vsin-dk"
/// SourceFeed.pinnacle.files                          // [.pinnacleMatchups, .pinnacleMarkets]
/// SourceFeed.feeds(for: [.sbd, .vsin]).map(\.name)   // ["sbd", "vsin-circa", "vsin-dk"]
/// ```
public enum SourceFeed: Hashable, Sendable, CustomStringConvertible {
    /// SBD's aggregate splits.
    case sbd
    /// VSIN's page for one book.
    case vsin(Book)
    /// Pinnacle's matchups and straight markets.
    case pinnacle
    /// The MLB schedule.
    case schedule

    /// Every feed, with VSIN's two books: the default of a collection.
    public static let all: [SourceFeed] = [.schedule, .sbd, .vsin(.circa), .vsin(.dk), .pinnacle]

    /// The feeds of `sources`, in the order of ``all``; VSIN gives one feed per book in `vsinBooks`.
    public static func feeds(for sources: Set<SourceName>, vsinBooks: [Book] = [.circa, .dk]) -> [SourceFeed] {
        var feeds: [SourceFeed] = []
        if sources.contains(.schedule) { feeds.append(.schedule) }
        if sources.contains(.sbd) { feeds.append(.sbd) }
        if sources.contains(.vsin) { feeds += vsinBooks.map(SourceFeed.vsin) }
        if sources.contains(.pinnacle) { feeds.append(.pinnacle) }
        return feeds
    }

    /// The source.
    public var source: SourceName {
        switch self {
        case .sbd: .sbd
        case .vsin: .vsin
        case .pinnacle: .pinnacle
        case .schedule: .schedule
        }
    }

    /// The book, for VSIN.
    public var book: Book? {
        if case .vsin(let book) = self { return book }
        return nil
    }

    /// The payload files of one capture of this feed (names as in a replay folder).
    public var files: [RecordedFile] {
        switch self {
        case .sbd: [.sbd]
        case .vsin(let book): [.vsin(book)]
        case .pinnacle: [.pinnacleMatchups, .pinnacleMarkets]
        case .schedule: [.schedule]
        }
    }

    /// `sbd`, `vsin-circa`, `vsin-dk`, `pinnacle`, `schedule`.
    public var name: String {
        if let book { return "\(source.rawValue)-\(book.rawValue)" }
        return source.rawValue
    }

    public var description: String { name }
}
