import CLibXML2
import DuckCoordinator
import DuckDBKit
import Foundation
import SharpBetting
import Testing

@Suite struct DailyReportTests {
    /// Six signals on six games, stored, with five final scores.
    func seeded() async throws -> TestDatabase {
        let test = try await TestDatabase()
        try await test.insert([
            // 1. NYM ML +130, NYM wins 4–2: +130.
            Snapshot(lineAwayOrOver: -142, lineHomeOrUnder: 130, homeOrOverBetsPct: 29, d: 29),
            // 2. Under 9 (no price: −110), 5–2 = 7 runs: +100·100/110.
            Snapshot(gameKey: "777012", gameId: 777012, away: "NYY", home: "LAA", market: .total,
                     lineAwayOrOver: 9, lineHomeOrUnder: 9, homeOrOverBetsPct: 76, d: -26),
            // 3. CHC −1.5 (−110), CHC wins 3–1: covers by half a run: +100·100/110.
            Snapshot(gameKey: "777009", gameId: 777009, away: "PIT", home: "CHC", market: .spread,
                     lineAwayOrOver: 1.5, lineHomeOrUnder: -1.5, homeOrOverBetsPct: 40, d: 22),
            // 4. ATL ML −125 at SBD (d −20), ATL loses 2–6: −100.
            Snapshot(gameKey: "777004", gameId: 777004, away: "ATL", home: "WSH", source: "sbd", book: "",
                     lineAwayOrOver: -125, lineHomeOrUnder: 105, homeOrOverBetsPct: 50, d: -20),
            // 5. Over 8 (−110), 3–5 = 8 runs: push, 0.
            Snapshot(gameKey: "777015", gameId: 777015, away: "BOS", home: "SEA", market: .total,
                     lineAwayOrOver: 8, lineHomeOrUnder: 8, homeOrOverBetsPct: 50, d: 20),
            // 6. COL ML, no final score: pending.
            Snapshot(gameKey: "777010", gameId: 777010, away: "MIL", home: "COL", homeOrOverBetsPct: 40, d: 20),
        ])
        let result = try await SharpDetector().detect(test.db, gameDate: testDay)
        #expect(result.signals.count == 6)
        try await SignalStore(test.db).save(result.signals)
        try await test.insertOutcome(gameId: 777003, away: "PHI", home: "NYM", awayScore: 2, homeScore: 4)
        try await test.insertOutcome(gameId: 777012, away: "NYY", home: "LAA", awayScore: 5, homeScore: 2)
        try await test.insertOutcome(gameId: 777009, away: "PIT", home: "CHC", awayScore: 1, homeScore: 3)
        try await test.insertOutcome(gameId: 777004, away: "ATL", home: "WSH", awayScore: 2, homeScore: 6)
        try await test.insertOutcome(gameId: 777015, away: "BOS", home: "SEA", awayScore: 3, homeScore: 5)
        return test
    }

    @Test func gradingTakesTheBestKnownPriceAtThePicksLineAndSaysWhere() async throws {
        let test = try await seeded()
        // CHC -1.5 (detected at 22:55): BetMGM +140 at -1.5 (22:50), FanDuel +200 but at -2.5
        // (another bet), BetMGM +300 captured after the signal, Pinnacle +130 at -1.5.
        for (book, line, price, at) in [("betmgm", -1.5, 140.0, "22:50"), ("fanduel", -2.5, 200.0, "22:50"),
                                        ("betmgm", -1.5, 300.0, "23:00")] {
            try await test.db.write("""
                INSERT INTO book_prices (game_key, game_id, game_date, away, home, source, book, market,
                    line_away_or_over, line_home_or_under, price_away_or_under, price_home_or_over, snapshot_at, captured_at)
                VALUES ('777009', 777009, DATE '2025-06-17', 'PIT', 'CHC', 'sbd', ?, 'spread', ?, ?, -160, ?, ?, ?)
                """, [.string(book), .double(-line), .double(line), .double(price),
                      .timestampTZ(Fixtures.date("2025-06-17T\(at):00Z")), .timestampTZ(Fixtures.date("2025-06-17T\(at):00Z"))],
                priority: .normal)
        }
        try await test.db.write("""
            INSERT INTO odds_snapshots (matchup_id, game_key, game_id, game_date, game_time, away, home, market, period,
                market_key, status, price_home_or_over, price_away_or_under, points, implied_home_or_over,
                implied_away_or_under, snapshot_at, captured_at)
            VALUES (9, '777009', 777009, DATE '2025-06-17', TIMESTAMPTZ '2025-06-18 00:05:00+00', 'PIT', 'CHC', 'spread', 0,
                's;0;s;1.5', 'open', 130, -150, -1.5, 0.42, 0.58, TIMESTAMPTZ '2025-06-17 22:40:00+00',
                TIMESTAMPTZ '2025-06-17 22:40:00+00')
            """, [], priority: .normal)
        // Pinnacle's closing line (23:05, before the hand-built 23:10 first pitch): CHC -1.5 now 45%
        // after 42% at the signal (22:55) → CLV +3 pts.
        try await test.db.write("""
            INSERT INTO odds_snapshots (matchup_id, game_key, game_id, game_date, game_time, away, home, market, period,
                market_key, status, price_home_or_over, price_away_or_under, points, implied_home_or_over,
                implied_away_or_under, snapshot_at, captured_at)
            VALUES (9, '777009', 777009, DATE '2025-06-17', TIMESTAMPTZ '2025-06-18 00:05:00+00', 'PIT', 'CHC', 'spread', 0,
                's;0;s;1.5', 'open', 118, -138, -1.5, 0.45, 0.55, TIMESTAMPTZ '2025-06-17 23:05:00+00',
                TIMESTAMPTZ '2025-06-17 23:05:00+00')
            """, [], priority: .normal)
        let beforeStart = try await DailyReportService(test.db).report(for: testDay, now: Fixtures.date("2025-06-17T23:00:00Z"))
        let report = try await DailyReportService(test.db).report(for: testDay, now: Fixtures.date("2025-06-18T03:00:00Z"))
        await test.close()
        #expect(beforeStart.signals.first { $0.signal.pick == "CHC -1.5" }?.closingLineValue == nil)
        let byPick = Dictionary(uniqueKeysWithValues: report.signals.map { ($0.signal.pick, $0) })
        let chc = try #require(byPick["CHC -1.5"])
        #expect(abs(chc.closingLineValue! - 3) < 1e-9)
        #expect(ReportFormat.text.render(report).contains("+3 pts"))
        #expect(chc.price == 140 && chc.priceSource == "sbd:betmgm" && chc.units == 1.4)
        #expect(byPick["Under 9"]?.priceSource == "assumed -110" && byPick["Under 9"]?.price == -110)
        #expect(byPick["NYM ML +130"]?.priceSource == "splits" && byPick["NYM ML +130"]?.price == 130)
        // Pinnacle's no-vig 42% for CHC -1.5: edge of +140 = 0.42 · 2.40 − 1 = +0.8%.
        #expect(chc.fairProbability == 0.42)
        #expect(abs(chc.edge! - 0.008) < 1e-9)
        #expect(byPick["Under 9"]?.edge == nil)   // Pinnacle lists no total for that game
        #expect(ReportFormat.text.render(report).contains("+140 (sbd:betmgm)  "))
        #expect(ReportFormat.text.render(report).contains("+0.8%"))
        #expect(ReportFormat.html.render(report).contains("+140 (sbd:betmgm)"))
    }

    @Test func pricingEdgeIsExpectedProfitPerUnitAtPinnaclesNoVigProbability() {
        let plus = SignalPricing(best: QuotedPrice(price: 130, source: "splits"), fairProbability: 0.4733)
        #expect(abs(plus.edge! - (0.4733 * 2.3 - 1)) < 1e-12)
        #expect(plus.description == "best +130 (splits), Pinnacle no-vig 47.3%, edge +8.9%")
        let minus = SignalPricing(best: QuotedPrice(price: -170, source: "pinnacle"), fairProbability: 0.612)
        #expect(abs(minus.edge! - (0.612 * (1 + 100 / 170.0) - 1)) < 1e-12)   // -2.8%
        #expect(minus.description == "best -170 (pinnacle), Pinnacle no-vig 61.2%, edge -2.8%")
        #expect(SignalPricing(best: nil, fairProbability: 0.5).edge == nil)
        #expect(SignalPricing(best: nil, fairProbability: nil).description == "no price known")
    }

    @Test func numbersMatchTheHandCount() async throws {
        let test = try await seeded()
        let report = try await DailyReportService(test.db).report(for: testDay)
        await test.close()

        let results = Dictionary(uniqueKeysWithValues: report.signals.map { ($0.signal.pick, $0.result) })
        #expect(results == ["NYM ML +130": .win, "Under 9": .win, "CHC -1.5": .win, "ATL ML -125": .loss,
                            "Over 8": .push, "COL ML": .pending])
        let units = Dictionary(uniqueKeysWithValues: report.signals.map { ($0.signal.pick, $0.units) })
        #expect(units["NYM ML +130"] == 1.3)
        #expect(abs(units["Under 9"]! - 0.909_090_909) < 1e-9)   // 100/110
        #expect(units["ATL ML -125"] == -1)
        #expect(report.signals.first { $0.signal.pick == "Under 9" }?.price == -110)

        // No Pinnacle price was stored when they were detected: nothing to judge them by, so all six
        // are PASS — graded apart, as if bet, and the day's bets are empty.
        #expect(report.signals.allSatisfy { $0.decision.call == .pass && $0.decision.fairProbability == nil })
        #expect(report.bets.isEmpty && report.summary.signals == 0 && report.summary.roi == nil)

        // By hand: 3 wins, 1 loss, 1 push, 1 pending; 4 units staked (pushes refunded);
        // 1.3 + 0.9090… + 0.9090… − 1 = 2.1181… units; ROI 2.1181… / 4 = 52.95%.
        let s = report.passed
        #expect([s.signals, s.wins, s.losses, s.pushes, s.pending] as [Int] == [6, 3, 1, 1, 1])
        #expect(s.staked == 4)
        #expect(abs(s.units - 2.118_181_818) < 1e-9)
        #expect(abs(s.roi! - 0.529_545_454_5) < 1e-9)
        #expect(s.hitRate == 0.75)
        #expect(s.stakedAmount == nil && s.stakeProfit == nil)   // no bankroll

        // Per source: SBD 0–1 (−1 unit, ROI −100%); VSIN 3–0–1 with 1 pending: 3.1181… on 3.
        let sbd = try #require(report.bySource.first { $0.name == "sbd" })
        #expect(sbd.wins == 0 && sbd.losses == 1)
        #expect(sbd.units == -1)
        #expect(sbd.roi == -1)
        let vsin = try #require(report.bySource.first { $0.name == "vsin" })
        #expect([vsin.signals, vsin.wins, vsin.losses, vsin.pushes, vsin.pending] as [Int] == [5, 3, 0, 1, 1])
        #expect(abs(vsin.roi! - 3.118_181_818 / 3) < 1e-9)
        #expect(report.byRule.map(\.name) == ["differential"])
        #expect(report.byRule[0].hitRate == 0.75)
    }

    @Test func signalGraderByHand() {
        #expect(SignalGrader.units(of: .win, price: -110) == 100 / 110.0)
        #expect(SignalGrader.units(of: .win, price: 150) == 1.5)
        #expect(SignalGrader.units(of: .win, price: -200) == 0.5)
        #expect(SignalGrader.units(of: .loss, price: 150) == -1)
        #expect(SignalGrader.units(of: .push, price: -110) == 0)
    }

    @Test func formatsCarryTheNumbers() async throws {
        let test = try await seeded()
        let report = try await DailyReportService(test.db).report(for: testDay, now: firstPitch)
        await test.close()
        let text = ReportFormat.text.render(report)
        #expect(text.contains("Bets 0-0-0 (0 pending)"))
        #expect(text.contains("Passed 3-1-1 (1 pending) · flat +2.12u had they been bet: passing cost 2.12u"))
        #expect(text.contains("--bankroll sizes the stakes"))
        let markdown = ReportFormat.markdown.render(report)
        #expect(markdown.contains("| PHI@NYM | 7:10 PM ET | PASS | NYM ML | +130 (splits) | – | – | – |"))
        #expect(markdown.contains("| sbd | 1 | 0-1-0 | 0.0% | -1.00u | -100.0% |"))
        let json = ReportFormat.json.render(report)
        let decoded = try SharpJSON.decoder().decode(DailyReport.self, from: Data(json.utf8))
        #expect(decoded.summary == report.summary)
        #expect(decoded.signals.map(\.signal.id) == report.signals.map(\.signal.id))
    }

    @Test func htmlIsWellFormedAndHasBothCharts() async throws {
        let test = try await seeded()
        let report = try await DailyReportService(test.db).report(for: testDay, now: firstPitch)
        await test.close()
        let html = ReportFormat.html.render(report)
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
        #expect(!html.contains("<script"))
        let elements = try XMLOutline(html)
        #expect(elements.root == "html")
        let svgs = elements.all.filter { $0.name == "svg" }.map { $0.id ?? "" }
        #expect(svgs == ["differential-vs-outcome", "cumulative-profit"])
        // Scatter: one point per settled signal (3 wins, 1 loss, 1 push); line: the bets' (none).
        #expect(elements.all.filter { $0.name == "circle" }.count == 5)
        #expect(elements.all.filter { $0.name == "polyline" }.count == 1)
        #expect(elements.all.filter { $0.name == "table" }.map { $0.id ?? "" }
                == ["signals", "passed", "alerts", "by-rule", "by-source"])
        let rows = elements.all.filter { $0.name == "tr" }.count
        // bets: header + "none"; passed: header + 6; alerts: header + "none"; by rule: header + 1; by source: header + 2
        #expect(rows == 16)
    }

    @Test func emptyDayStillRenders() async throws {
        let test = try await TestDatabase()
        let report = try await DailyReportService(test.db).report(for: testDay, now: firstPitch)
        await test.close()
        #expect(report.signals.isEmpty && report.summary.roi == nil)
        let outline = try XMLOutline(ReportFormat.html.render(report))
        #expect(outline.all.filter { $0.name == "svg" }.count == 2)
        #expect(ReportFormat.text.render(report).contains("No signals stored for 2025-06-17. `sharp detect --date 2025-06-17` "
            + "only prints what it finds: add --save to store it"))
    }

    @Test func outcomeLoaderReadsTheRecordedDay() async throws {
        let data = try Data(contentsOf: Fixtures.recordedDay.appending(path: "outcomes.json"))
        let test = try await TestDatabase()
        let summary = try await OutcomeLoader().load(data, into: test.db)
        #expect(summary.loaded.count == 14)
        #expect(summary.skipped == ["777006 TOR@BAL: Postponed, no score"])
        #expect(summary.errors.isEmpty)
        try await OutcomeLoader().load(data, into: test.db)   // again: updates, no duplicates
        let stored = try await OutcomeLoader.outcomes(on: testDay, in: test.db)
        await test.close()
        #expect(stored.count == 14)
        let mets = try #require(stored.first { $0.gameId == 777003 })
        #expect(mets.scoreLine == "PHI 2 @ NYM 4")
        #expect(mets.status == "Final")
    }
}

/// The elements of a document parsed by libxml2's strict XML parser (no recovery): parsing
/// fails unless the markup is well-formed.
struct XMLOutline {
    struct Element {
        var name: String
        var id: String?
    }

    var root: String
    var all: [Element] = []

    struct NotWellFormed: Error, CustomStringConvertible {
        var description: String
    }

    init(_ text: String) throws {
        let bytes = Array(text.utf8)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "report.html", "UTF-8", options)
            }
        }) else {
            let message = xmlGetLastError().map { String(cString: $0.pointee.message) } ?? "unknown error"
            throw NotWellFormed(description: "not well-formed XML: \(message)")
        }
        defer { xmlFreeDoc(document) }
        guard let top = xmlDocGetRootElement(document) else { throw NotWellFormed(description: "no root element") }
        root = String(cString: top.pointee.name)
        var found: [Element] = []
        func visit(_ node: xmlNodePtr) {
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    var id: String?
                    var property = current.pointee.properties
                    while let attribute = property {
                        if String(cString: attribute.pointee.name) == "id", let text = attribute.pointee.children?.pointee.content {
                            id = String(cString: text)
                        }
                        property = attribute.pointee.next
                    }
                    found.append(Element(name: String(cString: current.pointee.name), id: id))
                    visit(current)
                }
                child = current.pointee.next
            }
        }
        visit(top)
        all = found
    }
}
