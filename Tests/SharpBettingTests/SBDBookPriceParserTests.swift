import Foundation
import Testing
@testable import SharpBetting

/// SBD's `sportsbooks` array in the live layout: `{"_id", "name", "geos", "odds": {...}}` with
/// quotes `{"american", "decimal", "fractional", "probability", "best"}`, run lines and totals as
/// `{"points", "odds": quote}`, and empty strings for what a book does not offer.
@Suite struct SBDBookPriceParserTests {
    let now = Date(timeIntervalSince1970: 1_750_200_000)

    /// A quote with every key the live feed writes.
    static func quote(_ american: String, _ decimal: String = "", fractional: String = "", probability: String = "",
                      best: Bool = false) -> String {
        #"{"american": "\#(american)", "decimal": "\#(decimal)", "fractional": "\#(fractional)", "probability": "\#(probability)", "best": \#(best)}"#
    }

    static func line(_ points: String, _ quote: String) -> String { #"{"points": "\#(points)", "odds": \#(quote)}"# }

    static let empty = quote("")

    /// One book entry in the live layout.
    static func book(_ name: String, id: String? = nil, moneyline: (String, String)? = nil,
                     spread: (String, String)? = nil, total: (String, String)? = nil) -> String {
        let ml = moneyline ?? (empty, empty)
        let sp = spread ?? (line("", empty), line("", empty))
        let tot = total ?? (line("", empty), line("", empty))
        return #"{"_id": "\#(id ?? name)", "name": "\#(name)", "geos": ["NJ", "PA"], "odds": {"#
            + #""moneyline": {"away": \#(ml.0), "home": \#(ml.1)}, "spread": {"away": \#(sp.0), "home": \#(sp.1)}, "#
            + #""total": {"over": \#(tot.0), "under": \#(tot.1)}}}"#
    }

    /// Every field kind: FanDuel lists all three markets with all five keys of a quote; DraftKings
    /// only a total; Caesars moneylines with an empty `american` but a `decimal`; BetRivers nothing
    /// (every string empty); an entry with an empty name goes by its `_id`.
    static let books = "[" + [
        book("fanduel",
             moneyline: (quote("+130", "2.30", fractional: "13/10", probability: "0.4348", best: true),
                         quote("-142", "1.70", fractional: "50/71", probability: "0.5868")),
             spread: (line("+1.5", quote("-190", "1.53", fractional: "10/19", probability: "0.6552")),
                      line("-1.5", quote("+160", "2.60", fractional: "8/5", probability: "0.3846", best: true))),
             total: (line("8.5", quote("-112", "1.89", fractional: "25/28", probability: "0.5283")),
                     line("8.5", quote("-108", "1.93", fractional: "25/27", probability: "0.5192", best: true)))),
        book("draftkings", total: (line("9", quote("-105", "1.95")), line("9", quote("-115", "1.87")))),
        book("caesars", moneyline: (quote("", "2.45"), quote("", "1.60"))),
        book("betrivers"),
        book("", id: "bet365", moneyline: (quote("+125"), empty)),
    ].joined(separator: ", ") + "]"

    @Test func liveLayoutGivesExactPricesPerBookAndMarket() throws {
        let outcome = SBDBookPriceParser.parse(SBDFeed.payload([SBDFeed.game(sportsbooks: Self.books)]), capturedAt: now)
        #expect(outcome.errors.isEmpty && outcome.failedRows == 0)
        #expect(outcome.values.map { "\($0.book) \($0.market)" }
                == ["fanduel moneyline", "fanduel spread", "fanduel total", "draftkings total", "caesars moneyline", "bet365 moneyline"])
        func row(_ book: String, _ market: Market) throws -> BookPrice {
            try #require(outcome.values.first { $0.book == Book(book) && $0.market == market })
        }
        let ml = try row("fanduel", .moneyline)
        #expect([ml.priceAwayOrUnder, ml.priceHomeOrOver, ml.lineAwayOrOver, ml.lineHomeOrUnder] == [130, -142, nil, nil])
        #expect(ml.away == .phi && ml.home == .nym && ml.source == .sbd && ml.capturedAt == now)
        #expect(ml.sourceGameId == "20250617.03-MLB-PHI@NYM" && ml.gameTime == Fixtures.date("2025-06-17T23:10:00Z"))
        let spread = try row("fanduel", .spread)
        #expect([spread.lineAwayOrOver, spread.lineHomeOrUnder, spread.priceAwayOrUnder, spread.priceHomeOrOver] == [1.5, -1.5, -190, 160])
        #expect(spread.price(of: .home) == 160 && spread.price(of: .away) == -190)
        let total = try row("fanduel", .total)
        #expect([total.lineAwayOrOver, total.lineHomeOrUnder] == [8.5, 8.5])
        #expect(total.price(of: .over) == -112 && total.price(of: .under) == -108)
        let onlyTotal = try row("draftkings", .total)
        #expect([onlyTotal.lineAwayOrOver, onlyTotal.price(of: .over), onlyTotal.price(of: .under)] == [9, -105, -115])
        let decimal = try row("caesars", .moneyline)
        #expect([decimal.priceAwayOrUnder, decimal.priceHomeOrOver] == [145, -167])   // 2.45 → +145, 1.60 → −166.7 → −167
        let byId = try row("bet365", .moneyline)
        #expect(byId.priceAwayOrUnder == 125 && byId.priceHomeOrOver == nil)
    }

    @Test func aBadValueDropsThatBooksMarketOnly() {
        let books = "[" + [
            Self.book("fanduel", moneyline: (Self.quote("+130"), Self.quote("even")),
                      spread: (Self.line("+1.5", Self.quote("-190")), Self.line("-1.5", Self.quote("+160")))),
            Self.book("caesars", moneyline: (Self.quote("+135"), Self.quote("-150"))),
            // A run line whose side is not an object.
            Self.book("betmgm", spread: (#""+1.5""#, Self.line("-1.5", Self.quote("+150")))),
        ].joined(separator: ", ") + "]"
        let outcome = SBDBookPriceParser.parse(SBDFeed.payload([SBDFeed.game(sportsbooks: books)]), capturedAt: now)
        #expect(outcome.values.map { "\($0.book) \($0.market)" } == ["fanduel spread", "caesars moneyline"])
        #expect(outcome.failedRows == 2)
        #expect(outcome.errors.map(\.description) == [
            "sbd (fanduel) game PHI@NYM field 'sportsbooks.fanduel.odds.moneyline.home.american': 'even' is not a price or line",
            "sbd (betmgm) game PHI@NYM field 'sportsbooks.betmgm.odds.spread.away': expected {\"points\", \"odds\"}, got '+1.5'",
        ])
    }

    @Test func theFlatLayoutIsReportedAsALayoutChangeNotAsNoPrices() {
        // The shape our fixtures were once written in: no live page has it.
        let flat = #"[{"name": "betmgm", "moneyline": {"away": "+130", "home": "-142"}, "spread": {"away": "+1.5", "home": "-1.5", "awayOdds": "-175", "homeOdds": "+150"}}, "#
            + #"{"name": "fanduel", "moneyline": {"away": "", "home": ""}}]"#
        let games = [SBDFeed.game(sportsbooks: flat), SBDFeed.game(id: "20250617.09-MLB-PIT@CHC", away: "PIT", home: "CHC", sportsbooks: flat)]
        let outcome = SBDBookPriceParser.parse(SBDFeed.payload(games), capturedAt: now)
        #expect(outcome.values.isEmpty)
        #expect(outcome.failedRows == 2)   // the two betmgm entries that list prices; fanduel lists nothing
        #expect(outcome.errors.count == 1)
        let error = outcome.errors[0].description
        #expect(error.hasPrefix("sbd payload field 'sportsbooks': 2 of 2 book entries list prices in no layout we read "
            + "(betmgm at PHI@NYM, betmgm at PIT@CHC): the feed's sportsbooks layout has changed"))
        #expect(error.hasSuffix(SBDBookPriceParser.liveLayout))
    }

    @Test func recordedLateCaptureHasOneRowPerBookAndMarketListed() throws {
        let data = try Fixtures.replay.payload(.sbd, at: try Fixtures.capture(Fixtures.late))
        let outcome = SBDBookPriceParser.parse(data, capturedAt: now)
        #expect(outcome.errors.isEmpty && outcome.failedRows == 0)
        // 13 games: BetMGM all three markets, Caesars the moneyline, DraftKings the total; FanDuel nothing.
        #expect(outcome.values.count == 13 * 5)
        #expect(Set(outcome.values.map(\.book)) == [Book("betmgm"), Book("caesars"), Book("draftkings")])
        let mets = outcome.values.filter { $0.matchup == "PHI@NYM" }
        let ml = try #require(mets.first { $0.market == .moneyline && $0.book == Book("betmgm") })
        #expect([ml.priceAwayOrUnder, ml.priceHomeOrOver] == [-142, 130] && ml.lineAwayOrOver == nil)
        // Caesars is slow: at 22:55 it still has 22:30's Mets price.
        let slow = try #require(mets.first { $0.market == .moneyline && $0.book == Book("caesars") })
        #expect([slow.priceAwayOrUnder, slow.priceHomeOrOver] == [-150, 138])
        let spread = try #require(mets.first { $0.market == .spread })
        #expect([spread.lineAwayOrOver, spread.lineHomeOrUnder] == [-1.5, 1.5])
        #expect(spread.price(of: .home) == -175 && spread.price(of: .away) == 150)
        let total = try #require(mets.first { $0.market == .total && $0.book == Book("betmgm") })
        #expect([total.lineAwayOrOver, total.lineHomeOrUnder] == [8.5, 8.5])
        #expect(total.price(of: .over) == -115 && total.price(of: .under) == -105)
        #expect(ml.gameTime == Fixtures.date("2025-06-17T23:10:00Z") && ml.sourceGameId?.hasSuffix("PHI@NYM") == true)
    }
}
