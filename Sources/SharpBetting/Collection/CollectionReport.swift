import Foundation

/// What one collection run did: one ``FeedReport`` per feed, and the time spent.
///
/// ```swift
/// let report = try await collector.collect(capture, using: fetcher)
/// print(report.totalStored, "rows;", report.failedFeeds.map(\.name), "failed")
/// report.feed(.vsin(.dk))?.stored   // 38
/// ```
public struct CollectionReport: Sendable {
    /// The capture collected.
    public var capture: CaptureContext
    /// One report per feed, in the order the feeds were requested.
    public var feeds: [FeedReport]
    /// Fetching and parsing every feed (concurrently), in milliseconds.
    public var fetchMilliseconds: Double
    /// Matching, deduplicating and writing, in milliseconds.
    public var storeMilliseconds: Double

    /// Creates a report.
    public init(capture: CaptureContext, feeds: [FeedReport], fetchMilliseconds: Double, storeMilliseconds: Double) {
        self.capture = capture
        self.feeds = feeds
        self.fetchMilliseconds = fetchMilliseconds
        self.storeMilliseconds = storeMilliseconds
    }

    /// The report of `feed`, if it was collected.
    public func feed(_ feed: SourceFeed) -> FeedReport? { feeds.first { $0.feed == feed } }

    /// The feeds that gave nothing usable.
    public var failedFeeds: [SourceFeed] { feeds.filter(\.failed).map(\.feed) }

    /// Rows written over all feeds (splits, odds and games).
    public var totalStored: Int { feeds.reduce(0) { $0 + $1.stored } }

    /// Values skipped as already stored, over all feeds.
    public var totalDuplicates: Int { feeds.reduce(0) { $0 + $1.duplicates } }

    /// Total time, in milliseconds.
    public var totalMilliseconds: Double { fetchMilliseconds + storeMilliseconds }
}
