import DuckCoordinator
import Foundation
import Testing
@testable import SharpBetting

@Suite struct SlateSimulatorTests {
    static func allBytes(_ slate: SimulatedSlate, _ indices: [Int]) -> [Data] {
        indices.flatMap { index in SimulatedSlate.files.map { slate.payload($0, at: index) } }
    }

    @Test func sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() {
        let a = SlateSimulator(seed: 2025).slate(day: 0)
        let b = SlateSimulator(seed: 2025).slate(day: 0)
        let c = SlateSimulator(seed: 2026).slate(day: 0)
        let last = a.captureTimes.count - 1
        #expect(Self.allBytes(a, [0, last / 2, last]) == Self.allBytes(b, [0, last / 2, last]))
        #expect(a.payload(.sbd, at: 0) != c.payload(.sbd, at: 0))
        #expect(a.payload(.vsin(.circa), at: 0) != c.payload(.vsin(.circa), at: 0))
        #expect(a.games.map(\.matchup) != c.games.map(\.matchup))
    }

    @Test func splitMix64IsTheReferenceSequence() {
        // Reference values of SplitMix64 for seed 1234567 (from the published C code).
        var rng = SplitMix64(seed: 1_234_567)
        #expect([rng.next(), rng.next(), rng.next()]
                == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
    }

    @Test func slateHasADoubleheaderAPostponedGameAndCapturesUntilFirstPitch() {
        let slate = SlateSimulator(seed: 7).slate(day: 0)
        #expect(slate.games.count == 15)
        #expect(slate.games.filter(\.isPostponed).count == 1)
        let first = slate.games[0], second = slate.games[1]
        #expect(first.away == second.away && first.home == second.home)
        #expect(first.gameNumber == 1 && second.gameNumber == 2)
        #expect(Set(slate.games.map(\.gamePk)).count == 15)
        // Every five minutes from 14:00 UTC until the last first pitch.
        #expect(slate.captureTimes.first.map { SimulatedClock.iso($0) } == "2025-06-17T14:00:00Z")
        let lastPitch = slate.games.filter { !$0.isPostponed }.map(\.startTime).max()!
        #expect(slate.captureTimes.last! < lastPitch)
        #expect(slate.captureTimes.last!.addingTimeInterval(300) >= lastPitch)
        // Some games tell a sharp story; at first pitch their differential is at least 15.
        #expect(slate.games.contains { if case .sharpMoneyline = $0.story { true } else { false } })
    }

    @Test func payloadsParseWithoutErrorsWithTheExpectedGames() {
        let slate = SlateSimulator(seed: 7).slate(day: 0)
        for index in [0, slate.captureTimes.count / 2, slate.captureTimes.count - 1] {
            let at = slate.captureTimes[index]
            let listed = slate.listed(at: index).count
            let schedule = ScheduleParser.parse(slate.payload(.schedule, at: index))
            #expect(schedule.errors.isEmpty)
            #expect(schedule.values.count == 15)
            #expect(schedule.values.filter { $0.status == "Postponed" }.count == 1)
            #expect(schedule.slateDate == slate.date)
            let sbd = SBDParser.parse(slate.payload(.sbd, at: index), capturedAt: at)
            #expect(sbd.errors.isEmpty, "\(sbd.errors)")
            #expect(sbd.values.count == listed * 3)
            for book in [Book.circa, .dk] {
                let vsin = VSINParser.parse(slate.payload(.vsin(book), at: index), capturedAt: at, book: book)
                #expect(vsin.errors.isEmpty, "\(vsin.errors)")
                #expect(vsin.values.count == listed * 3)
                #expect(vsin.slateDate == slate.date)
            }
            let pinnacle = PinnacleParser.parse(matchups: slate.payload(.pinnacleMatchups, at: index),
                                                markets: slate.payload(.pinnacleMarkets, at: index), capturedAt: at)
            #expect(pinnacle.errors.isEmpty, "\(pinnacle.errors)")
            #expect(pinnacle.values.count == listed * 3)
        }
        // The board opens with every game but the postponed one listed.
        #expect(slate.listed(at: 0).count == 14)
    }

    @Test func sharpStoriesShowInTheParsedSplitsAtTheLastCapture() throws {
        let slate = SlateSimulator(seed: 7).slate(day: 0)
        let sharp = try #require(slate.games.first { if case .sharpMoneyline = $0.story { true } else { false } })
        let index = slate.captureTimes.lastIndex { $0 < sharp.startTime }!
        let splits = VSINParser.parse(slate.payload(.vsin(.circa), at: index), capturedAt: slate.captureTimes[index], book: .circa)
        let split = try splits.values.one(sharp.away, sharp.home, .moneyline)
        guard case .sharpMoneyline(let side) = sharp.story else { return }
        #expect(split.sharpAction() == side, "d = \(split.differential)")
    }

    @Test func aSeasonIsMadeOneDayAtATime() {
        let season = SlateSimulator(seed: 1, games: 2430, captureInterval: 3600)
        #expect(season.dayCount == 162)
        var games = 0
        var pks = Set<Int>()
        for slate in season.slates {
            games += slate.games.count
            pks.formUnion(slate.games.map(\.gamePk))
        }
        #expect(games == 2430)
        #expect(pks.count == 2430)
        let last = season.slate(day: 161)
        #expect(last.date == SlateDate("2025-11-25"))
        #expect(SBDParser.parse(last.payload(.sbd, at: 0), capturedAt: last.captureTimes[0]).errors.isEmpty)
    }

    @Test func writesAReplayFolderTheCollectorReads() async throws {
        let db = try await TemporaryDatabase()
        let root = db.folder.appendingPathComponent("sim/2025-06-17")
        let slate = SlateSimulator(seed: 11, captureInterval: 4 * 3600).slate(day: 0)
        try slate.write(to: root)
        let replay = Replay(root: root)
        let captures = try replay.captures()
        #expect(captures.map(\.capturedAt) == slate.captureTimes)
        #expect(try replay.payload(.sbd, at: captures[0]) == slate.payload(.sbd, at: 0))

        let collector = DataCollectorService(database: db.coordinator)
        var stored = 0
        for capture in captures {
            let report = try await collector.collect(CaptureContext(slateDate: slate.date, capturedAt: capture.capturedAt),
                                                     using: ReplayFetcher(replay: replay, capture: capture))
            #expect(report.failedFeeds.isEmpty)
            #expect(report.feeds.allSatisfy { $0.errors.isEmpty })
            stored += report.feeds.filter { $0.feed != .schedule && $0.feed != .pinnacle }.map(\.stored).reduce(0, +)
        }
        let listed = slate.captureTimes.indices.map { slate.listed(at: $0).count }.reduce(0, +)
        #expect(stored == listed * 9)  // SBD, Circa and DK: three markets each
        #expect(try await db.count("SELECT count(*) AS n FROM raw_mlb_betting_splits") == listed * 9)
        #expect(try await db.count("SELECT count(*) AS n FROM odds_snapshots") == listed * 3)
        #expect(try await db.count("SELECT count(*) AS n FROM games") == 15)
        await db.close()
    }
}

/// Lines that move after sharp money: from T−5 to the close (T−1), the sharp side's fair
/// probability gains the seeded closing move on average, and every line moves by noise both ways.
@Suite struct ClosingLineSimulationTests {
    /// A game's closing shift toward its story's sharp side (nil for a balanced game), in points.
    static func towardSharpSide(_ game: SimulatedGame) -> Double? {
        switch game.story {
        case .sharpMoneyline(let side): 100 * (side == .home ? game.closingHomeShift : -game.closingHomeShift)
        case .publicSide(let side): 100 * (side == .home ? -game.closingHomeShift : game.closingHomeShift)
        case .sharpUnder: -100 * game.closingOverShift
        case .balanced: nil
        }
    }

    @Test(arguments: [3.0, 0.0])
    func theSharpSideGainsTheClosingMoveAndNoiseAveragesZero(move: Double) {
        var sharp: [Double] = [], noise: [Double] = []
        for slate in SlateSimulator(seed: 11, games: 2430, closingMove: move, closingNoise: 1).slates {
            for game in slate.games {
                if let shift = Self.towardSharpSide(game) { sharp.append(shift) } else { noise.append(100 * game.closingHomeShift) }
            }
        }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        #expect(sharp.count > 700 && noise.count > 1000)
        #expect(abs(mean(sharp) - move) < 0.1, "sharp sides moved \(mean(sharp)) points on average")
        #expect(abs(mean(noise)) < 0.1, "noise moved \(mean(noise)) points on average")
        #expect(noise.min()! < -0.9 && noise.max()! > 0.9 && noise.allSatisfy { abs($0) <= 1 })   // both ways, at most 1 point
        #expect(sharp.allSatisfy { $0 >= move * 0.5 - 1 - 1e-9 && $0 <= move * 1.5 + 1 + 1e-9 })
    }

    @Test func pinnacleShowsTheMoveBetweenTheT5AndTheClosingCaptures() throws {
        let slate = SlateSimulator(seed: 11, closingMove: 3).slate(day: 0)
        let game = try #require(slate.games.first { if case .sharpMoneyline = $0.story { !$0.isPostponed } else { false } })
        let t5 = try #require(slate.captureTimes.firstIndex(of: game.startTime.addingTimeInterval(-300)))
        let close = try #require(slate.captureTimes.firstIndex(of: game.startTime.addingTimeInterval(-60)))
        #expect(!slate.isClosed(game, at: t5) && slate.isClosed(game, at: close))
        #expect(slate.progress(of: game, at: t5) == 1)
        func fairHome(at index: Int) throws -> Double {
            let odds = PinnacleParser.parse(matchups: slate.payload(.pinnacleMatchups, at: index),
                                            markets: slate.payload(.pinnacleMarkets, at: index), capturedAt: slate.captureTimes[index])
            let moneyline = try #require(odds.values.first { $0.market == .moneyline && $0.home == game.home && $0.period == 0 })
            return moneyline.impliedHomeOrOver
        }
        // Pinnacle's no-vig probability moves by the game's closing shift, up to the rounding of whole prices.
        let moved = try fairHome(at: close) - fairHome(at: t5)
        #expect(abs(moved - game.closingHomeShift) < 0.004, "moved \(moved), shift \(game.closingHomeShift)")
        #expect(abs(game.closingHomeShift) > 0.005)
    }

    @Test func sportsbooksAreInTheLiveLayoutAndParse() throws {
        let slate = SlateSimulator(seed: 11).slate(day: 0)
        let index = slate.captureTimes.count / 2
        let prices = SBDBookPriceParser.parse(slate.payload(.sbd, at: index), capturedAt: slate.captureTimes[index])
        #expect(prices.errors.isEmpty && prices.failedRows == 0)
        // betmgm three markets, caesars the moneyline, draftkings the total, fanduel moneyline and run line.
        #expect(prices.values.count == slate.listed(at: index).count * 7)
        #expect(Set(prices.values.map(\.book.rawValue)) == ["betmgm", "caesars", "draftkings", "fanduel"])
        let json = try #require(try JSONSerialization.jsonObject(with: slate.payload(.sbd, at: index)) as? [String: Any])
        let books = try #require(((json["games"] as? [[String: Any]])?.first?["sportsbooks"]) as? [[String: Any]])
        let quote = try #require((((books.first?["odds"] as? [String: Any])?["moneyline"] as? [String: Any])?["home"]) as? [String: Any])
        #expect(Set(quote.keys) == ["american", "decimal", "fractional", "probability", "best"])
    }
}
