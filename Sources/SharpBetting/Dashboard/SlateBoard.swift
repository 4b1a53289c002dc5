import DuckCoordinator
import DuckDBKit
import Foundation

/// One slate day as the dashboard shows it: each game with its latest Pinnacle moneyline and
/// the latest stored signal of each game/market/side, leading with its call (BET or PASS, the
/// break-even and best prices), then pick, rules, confidence and price.
///
/// ```swift
/// let board = try await SlateBoard.read(db)            // the newest stored slate day
/// let json = try JSONEncoder().encode(board)           // served at /api/slate
/// ```
/// Contract: games in first-pitch order; a game's signals most confident first; `date` nil
/// reads the newest day in `games` (an empty board when there is none).
public struct SlateBoard: Sendable, Codable, Equatable {
    public struct Game: Sendable, Codable, Equatable {
        public var gameId: Int
        public var matchup: String
        public var firstPitch: Double
        public var status: String
        public var awayPrice: Double?
        public var homePrice: Double?
        public var signals: [Signal]

        enum CodingKeys: String, CodingKey {
            case gameId = "game_id", matchup, firstPitch = "first_pitch", status
            case awayPrice = "away_price", homePrice = "home_price", signals
        }
    }

    public struct Signal: Sendable, Codable, Equatable {
        public var market: String
        public var pick: String
        public var rules: String
        public var confidence: Double
        public var label: String
        public var price: Double?
        /// `BET` or `PASS` (nil for a signal stored before decisions).
        public var call: String?
        /// The decision in one line (``BetDecision/summary(bet:stake:)``).
        public var decision: String?
    }

    /// No day, no games.
    public static let empty = SlateBoard(date: nil, games: [])

    /// `YYYY-MM-DD`, or nil when nothing is stored.
    public var date: String?
    public var games: [Game]

    /// Reads the board of `date` (nil: the newest stored day).
    public static func read(_ db: some DatabaseCoordinating, date: SlateDate? = nil) async throws -> SlateBoard {
        let day: DuckDBDate
        if let date {
            day = date.duckDBDate
        } else {
            let newest = try await db.read("SELECT max(game_date) AS d FROM games")
            guard let stored: DuckDBDate = try newest.first?["d", as: DuckDBDate?.self] else {
                return SlateBoard(date: nil, games: [])
            }
            day = stored
        }
        let gameQuery: SQLQuery = """
            SELECT game_id, away || '@' || home AS matchup, \(raw: PortableSQL.epochSeconds("game_time")) AS first_pitch, status
            FROM games WHERE game_date = \(.date(day)) ORDER BY game_time, game_id
            """
        let latestSignals = PortableSQL.firstPerGroup(
            of: "sharp_signals WHERE game_date = \(.date(day)) AND game_id IS NOT NULL",
            partitionBy: "game_key, market, side", orderBy: "detected_at DESC, confidence DESC")
        let signalQuery: SQLQuery = """
            SELECT game_id, market, pick, rules, confidence, confidence_label, price, details FROM (\(latestSignals)) latest
            ORDER BY confidence DESC, signal_id
            """
        let latestPrices = PortableSQL.firstPerGroup(
            of: "odds_snapshots WHERE game_date = \(.date(day)) AND market = 'moneyline' AND period = 0 AND game_id IS NOT NULL",
            partitionBy: "game_id", orderBy: "snapshot_at DESC")
        let priceQuery: SQLQuery = """
            SELECT game_id, price_away_or_under AS away_price, price_home_or_over AS home_price FROM (\(latestPrices)) latest
            """
        async let gameRows = db.read(gameQuery)
        async let signalRows = db.read(signalQuery)
        async let priceRows = db.read(priceQuery)
        var signals: [Int: [Signal]] = [:]
        let decoder = SharpJSON.decoder()
        for row in try await signalRows {
            let details: String? = try row["details"]
            let stored = details.flatMap { try? decoder.decode(SharpSignal.self, from: Data($0.utf8)) }
            signals[try row["game_id"], default: []].append(Signal(
                market: try row["market"], pick: try row["pick"], rules: try row["rules"],
                confidence: try row["confidence"], label: try row["confidence_label"], price: try row["price"],
                call: stored?.decision?.call.rawValue,
                decision: stored.flatMap { signal in signal.decision?.summary(bet: signal.bet) }))
        }
        var prices: [Int: (Double, Double)] = [:]
        for row in try await priceRows { prices[try row["game_id"]] = (try row["away_price"], try row["home_price"]) }
        let games = try await gameRows.map { row in
            let id: Int = try row["game_id"]
            return Game(gameId: id, matchup: try row["matchup"], firstPitch: try row["first_pitch"], status: try row["status"],
                        awayPrice: prices[id]?.0, homePrice: prices[id]?.1, signals: signals[id] ?? [])
        }
        return SlateBoard(date: day.description, games: games)
    }
}
