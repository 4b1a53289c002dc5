/// What one feed gave in one collection: counts, errors and time.
///
/// `parsed` counts values the parser returned (splits, odds or schedule games); `rejected` the
/// rows of the payload that did not parse (game × market); `stored` those written; `duplicates`
/// those already stored (for the schedule: games unchanged). `errors` holds fetch failures and
/// parse errors, each naming source, game and field. A feed is `failed` when its fetch failed,
/// its payload was rejected whole, **most of its rows** failed to parse (``mostRowsFailed``), or
/// most of its sportsbook price rows did (``mostPricesFailed``: SBD's `sportsbooks` in a layout
/// we do not read): a page whose layout changed must not pass as a healthy feed with a few rows,
/// nor as a feed that happens to list no prices.
///
/// ```swift
/// for feed in report.feeds where feed.failed { print(feed.feed, feed.health, feed.errors.joined(separator: "; ")) }
/// ```
public struct FeedReport: Sendable, Hashable {
    /// The feed.
    public var feed: SourceFeed
    /// Values parsed.
    public var parsed: Int = 0
    /// Rows of the payload that failed to parse (see ``ParseOutcome/failedRows``).
    public var rejected: Int = 0
    /// Sportsbook price rows parsed (SBD's `sportsbooks`: one per book and market listing a value).
    public var pricesParsed: Int = 0
    /// Sportsbook price rows written (the others were already stored).
    public var pricesStored: Int = 0
    /// Sportsbook price rows that did not parse: a book's market with a bad value, or a book
    /// entry listing values in no layout the parser reads (see ``SBDBookPriceParser``).
    public var pricesRejected: Int = 0
    /// The errors of the sportsbook prices (also in ``errors``).
    public var priceErrors: [String] = []
    /// How old the source's own timestamps were at capture; nil when the feed has none.
    public var staleness: SourceStaleness?
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

    /// Whether more rows failed to parse than parsed.
    public var mostRowsFailed: Bool { rejected > parsed }

    /// Whether more sportsbook price rows failed to parse than parsed.
    public var mostPricesFailed: Bool { pricesRejected > pricesParsed }

    /// `parsed 36, failed 3 of 39 rows`, and `FAILED: …` with the reason when the feed failed.
    public var health: String {
        let counts = "parsed \(parsed), failed \(rejected) of \(parsed + rejected) rows"
        guard failed else { return counts }
        if mostRowsFailed { return "FAILED: most rows did not parse (\(counts))" }
        if mostPricesFailed {
            return "FAILED: most sportsbook prices did not parse (parsed \(pricesParsed), failed \(pricesRejected) price rows; \(counts))"
        }
        return "FAILED: \(errors.first ?? "no usable payload") (\(counts))"
    }
}
