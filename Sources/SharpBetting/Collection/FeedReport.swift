/// What one feed gave in one collection: counts, errors and time.
///
/// `parsed` counts values the parser returned (splits, odds or schedule games); `stored` those
/// written; `duplicates` those already stored (for the schedule: games unchanged). `errors`
/// holds fetch failures and parse errors, each naming source, game and field. A feed is
/// `failed` when nothing of it could be used (fetch error or payload-level parse error).
///
/// ```swift
/// for feed in report.feeds where feed.failed { print(feed.feed, feed.errors.joined(separator: "; ")) }
/// ```
public struct FeedReport: Sendable, Hashable {
    /// The feed.
    public var feed: SourceFeed
    /// Values parsed.
    public var parsed: Int = 0
    /// Values written.
    public var stored: Int = 0
    /// Values skipped because they were already stored.
    public var duplicates: Int = 0
    /// Values stored under a fallback game key (not tied to a gamePk).
    public var unmatched: Int = 0
    /// Fetch and parse errors.
    public var errors: [String] = []
    /// Notes that are not errors (why a game was not matched, a payload for another day).
    public var notes: [String] = []
    /// Whether the feed gave nothing usable.
    public var failed = false
    /// Time to fetch and parse, in milliseconds.
    public var milliseconds: Double = 0

    /// An empty report for `feed`.
    public init(feed: SourceFeed) { self.feed = feed }
}
