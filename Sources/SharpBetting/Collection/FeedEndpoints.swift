import Foundation

/// The live URLs of the sources (see DOMAIN.md), one per payload file.
///
/// ```swift
/// FeedEndpoints.url(for: .vsin(.dk), slateDate: SlateDate("2025-06-17")!)
/// // https://data.vsin.com/betting-splits/?bookid=dk&view=mlb
/// ```
public enum FeedEndpoints {
    /// SBD's betting-splits feed, with the books it aggregates.
    public static let sbd = "https://srfeeds.sportsbettingdime.com/v2/matchups/mlb/betting-splits?books=betmgm,bet365,fanatics,draftkings,caesars,fanduel"
    /// Pinnacle's guest API, MLB league 246.
    public static let pinnacleLeague = "https://guest.api.arcadia.pinnacle.com/0.1/leagues/246"

    /// The URL serving `file` for the slate `slateDate`.
    public static func url(for file: RecordedFile, slateDate: SlateDate) -> URL {
        let text: String
        switch file {
        case .sbd: text = sbd
        case .vsin(let book): text = "https://data.vsin.com/betting-splits/?bookid=\(book.rawValue)&view=mlb"
        case .pinnacleMatchups: text = "\(pinnacleLeague)/matchups"
        case .pinnacleMarkets: text = "\(pinnacleLeague)/markets/straight"
        case .schedule: text = "https://statsapi.mlb.com/api/v1/schedule?sportId=1&date=\(slateDate)"
        }
        return URL(string: text)!
    }
}
