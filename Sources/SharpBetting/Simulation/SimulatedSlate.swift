import Foundation

/// One simulated day: its games, its capture times, and every capture's payloads in each
/// source's own format, generated on demand (nothing is held but the games).
///
/// ```swift
/// let slate = SlateSimulator(seed: 7).slate(day: 0)
/// slate.games.count                                  // 15 (one doubleheader, one postponed)
/// let html = slate.payload(.vsin(.circa), at: 0)     // VSIN's page at the first capture
/// try slate.write(to: URL(filePath: "sim/2025-06-17"))   // a replay folder
/// ```
public struct SimulatedSlate: Sendable {
    /// The seed the slate was made from.
    public let seed: UInt64
    /// The slate day.
    public let date: SlateDate
    /// The games, in schedule order.
    public let games: [SimulatedGame]
    /// When the board opens (the first capture).
    public let boardOpens: Date
    /// Every capture time, oldest first.
    public let captureTimes: [Date]
    /// How often the sharp side wins (see ``SlateSimulator/sharpWinRate``).
    public let sharpWinRate: Double?

    /// Creates a slate (``SlateSimulator`` makes them).
    public init(seed: UInt64, date: SlateDate, games: [SimulatedGame], boardOpens: Date, captureTimes: [Date],
                sharpWinRate: Double? = nil) {
        self.seed = seed
        self.date = date
        self.games = games
        self.boardOpens = boardOpens
        self.captureTimes = captureTimes
        self.sharpWinRate = sharpWinRate
    }

    /// The final score of every game played (not the postponed one), drawn from the seed as
    /// ``SlateSimulator/sharpWinRate`` says.
    public var outcomes: [GameOutcome] {
        games.filter { !$0.isPostponed }.map { SimulatedOutcome.outcome(of: $0, on: date, seed: seed, sharpWinRate: sharpWinRate) }
    }

    /// The MLB schedule of the day after the last game, with final scores — what
    /// ``OutcomeLoader`` reads (`outcomes.json` in a replay folder).
    public var outcomesPayload: Data { SimulatedScheduleFeed.finals(self) }

    /// The games the betting sources list at capture `index`: not postponed, not started.
    public func listed(at index: Int) -> [SimulatedGame] {
        let now = captureTimes[index]
        return games.filter { !$0.isPostponed && $0.startTime > now }
    }

    /// How far `game` is from the board opening (0) to T−5 (1, and after) at capture `index`.
    public func progress(of game: SimulatedGame, at index: Int) -> Double {
        let span = game.startTime.addingTimeInterval(-SlateSimulator.closeStartsBefore).timeIntervalSince(boardOpens)
        guard span > 0 else { return 1 }
        return min(1, max(0, captureTimes[index].timeIntervalSince(boardOpens) / span))
    }

    /// Whether capture `index` is in `game`'s close (after T−5): its lines carry the closing shifts.
    public func isClosed(_ game: SimulatedGame, at index: Int) -> Bool {
        captureTimes[index] > game.startTime.addingTimeInterval(-SlateSimulator.closeStartsBefore)
    }

    /// `game`'s fair probabilities at capture `index`: home win, home cover of its run line, over.
    func fair(_ game: SimulatedGame, at index: Int) -> (home: Double, homeCover: Double, over: Double) {
        let progress = progress(of: game, at: index), closed = isClosed(game, at: index)
        return (game.homeProbability(progress: progress, closed: closed),
                game.homeCoverProbability(progress: progress, closed: closed), game.overProbability(closed: closed))
    }

    /// The bytes of `file` at capture `index`, in the source's format.
    public func payload(_ file: RecordedFile, at index: Int) -> Data {
        switch file {
        case .sbd: SimulatedSBDFeed.payload(self, at: index)
        case .vsin(let book): SimulatedVSINPage.payload(self, at: index, book: book)
        case .pinnacleMatchups: SimulatedPinnacleFeed.matchups(self, at: index)
        case .pinnacleMarkets: SimulatedPinnacleFeed.markets(self, at: index)
        case .schedule: SimulatedScheduleFeed.payload(self, at: index)
        }
    }

    /// The payload files of every capture.
    public static let files: [RecordedFile] = [
        .schedule, .sbd, .vsin(.circa), .vsin(.dk), .pinnacleMatchups, .pinnacleMarkets,
    ]

    /// Writes every capture under `root` in the replay layout (`<root>/<capture time>/<file>`).
    public func write(to root: URL) throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try outcomesPayload.write(to: root.appendingPathComponent("outcomes.json"))
        for index in captureTimes.indices {
            let folder = root.appendingPathComponent(ReplayCapture.folderName(for: captureTimes[index]), isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in Self.files {
                try payload(file, at: index).write(to: folder.appendingPathComponent(file.fileName))
            }
        }
    }

    /// Small integer noise for one number of one game at one capture, the same on every run.
    func jitter(_ game: SimulatedGame, _ index: Int, _ salt: UInt64, range: ClosedRange<Int> = -1...1) -> Double {
        var rng = SplitMix64(seed: seed, UInt64(game.gamePk), UInt64(index), salt)
        return Double(rng.int(in: range))
    }

    /// A book's home/over (bets %, money %) of `market`, as integers that leave the away side
    /// `100 − x`. DraftKings' crowd leans two points more to the away side.
    func percentages(_ game: SimulatedGame, _ market: Market, at index: Int, book: Book) -> (bets: Int, money: Int) {
        let progress = progress(of: game, at: index)
        let salt: UInt64 = (book == .dk ? 10 : 0) + UInt64(Market.allCases.firstIndex(of: market)!)
        let lean = book == .dk && market != .total ? -2.0 : 0
        let bets = game.homeOrOverBets(market, progress: progress) + lean + jitter(game, index, salt)
        let money = game.homeOrOverMoney(market, progress: progress) + lean + jitter(game, index, salt + 100)
        func clamp(_ value: Double) -> Int { Int(min(97, max(3, value.rounded()))) }
        return (clamp(bets), clamp(money))
    }

    /// An American price for win probability `probability` plus a book margin.
    static func americanPrice(_ probability: Double, margin: Double) -> Int {
        let q = min(0.95, max(0.05, probability + margin))
        return q > 0.5 ? -Int((100 * q / (1 - q)).rounded()) : Int((100 * (1 - q) / q).rounded())
    }

    /// A book's American price for a side with fair probability `fair` and vig `vig` charged in
    /// proportion (both sides of a market sum to `1 + vig`, so removing the vig gives `fair` back).
    static func americanPrice(fair: Double, vig: Double) -> Int {
        americanPrice(fair * (1 + vig), margin: 0)
    }
}
