import Foundation
import Testing
@testable import SharpBetting

/// Small VSIN pages for the strictness rules.
enum VSINPage {
    typealias Pair = (String, String)

    /// How the line cells (1, 4, 7) hold their two values.
    enum LineShape {
        /// The live page: each value in its own `div.scorebox_highlight`, `<hr>` between the divs.
        case twoDivs
        /// Older pages: both values in one `div.scorebox_highlight` (moneyline only), split by `<hr>`.
        case oneDiv
    }

    static func row(
        shape: LineShape = .twoDivs,
        away: String = "philadelphia-phillies", home: String = "new-york-mets",
        ml: Pair = ("-142", "130"), mlHandle: Pair = ("41%", "59%"), mlBets: Pair = ("70%", "30%"),
        total: Pair = ("8.5", "8.5"), totalHandle: Pair = ("52%", "48%"), totalBets: Pair = ("57%", "43%"),
        runLine: Pair = ("-1.5", "+1.5"), rlHandle: Pair = ("36%", "64%"), rlBets: Pair = ("61%", "39%")
    ) -> String {
        func cell(_ pair: Pair) -> String { "<td>\(pair.0)<hr>\(pair.1)</td>" }
        func box(_ text: String) -> String { "<div class=\"scorebox_highlight text-center\">\(text)</div>" }
        func lineCell(_ pair: Pair, moneyline: Bool) -> String {
            switch shape {
            case .twoDivs: "<td>\(box(pair.0))<hr class=\"my-1\">\(box(pair.1))</td>"
            case .oneDiv: moneyline ? "<td>\(box("\(pair.0)<hr>\(pair.1)"))</td>" : cell(pair)
            }
        }
        return "<tr><td><a href=\"/mlb/teams/\(away)\">A</a><hr><a href=\"/mlb/teams/\(home)\">H</a></td>"
            + lineCell(ml, moneyline: true) + cell(mlHandle) + cell(mlBets)
            + lineCell(total, moneyline: false) + cell(totalHandle) + cell(totalBets)
            + lineCell(runLine, moneyline: false) + cell(rlHandle) + cell(rlBets)
            + "</tr>"
    }

    static func page(_ rows: [String], date: String = "2025-06-18") -> Data {
        Data(("<html><body><table class=\"freezetable table\"><tbody>"
            + "<tr><td colspan=\"10\"><a href=\"/mlb/games/?gamedate=\(date)\">date</a></td></tr>"
            + rows.joined() + "</tbody></table></body></html>").utf8)
    }

    static let pirates = row(away: "pittsburgh-pirates", home: "chicago-cubs")
}

@Suite struct VSINParserTests {
    let now = Date(timeIntervalSince1970: 1_750_200_000)

    @Test func recordedCircaLateCaptureHasExactValues() throws {
        let outcome = try Fixtures.vsin(.circa, at: Fixtures.late)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.slateDate == SlateDate("2025-06-17"))
        #expect(outcome.values.count == 39)  // 13 games × 3 markets

        let ml = try outcome.values.one(.phi, .nym, .moneyline)
        #expect(ml.source == .vsin && ml.book == .circa)
        #expect(ml.lineAwayOrOver == -142 && ml.lineHomeOrUnder == 130)
        #expect(ml.awayOrUnderMoneyPct == 42 && ml.homeOrOverMoneyPct == 58)
        #expect(ml.awayOrUnderBetsPct == 71 && ml.homeOrOverBetsPct == 29)
        #expect(ml.differential == 29)
        #expect(ml.sharpAction() == .home)
        #expect(ml.gameTime == nil && ml.awayOrUnderBets == nil && ml.homeOrOverBets == nil)
        #expect(ml.capturedAt == Fixtures.date("2025-06-17T22:55:00Z"))

        let spread = try outcome.values.one(.phi, .nym, .spread)
        #expect(spread.lineAwayOrOver == -1.5 && spread.lineHomeOrUnder == 1.5)
        #expect(spread.awayOrUnderBetsPct == 62 && spread.homeOrOverMoneyPct == 60)

        // Totals: the first value is the over (home-or-over), the second the under.
        let total = try outcome.values.one(.nyy, .laa, .total)
        #expect(total.lineAwayOrOver == 9 && total.lineHomeOrUnder == 9)
        #expect(total.homeOrOverBetsPct == 76 && total.homeOrOverMoneyPct == 50)
        #expect(total.awayOrUnderBetsPct == 24 && total.awayOrUnderMoneyPct == 50)
        #expect(total.sharpAction() == .under)

        let roundedTo99 = try outcome.values.one(.kc, .tb, .total)
        #expect(roundedTo99.homeOrOverBetsPct == 49 && roundedTo99.awayOrUnderBetsPct == 50)
    }

    @Test func draftKingsLinksAndPlusPricesAreRead() throws {
        let early = try Fixtures.vsin(.dk, at: Fixtures.early)
        #expect(early.errors.isEmpty)
        let ml = try early.values.one(.phi, .nym, .moneyline)
        #expect(ml.book == .dk)
        #expect(ml.lineAwayOrOver == -165 && ml.lineHomeOrUnder == 143)
        let late = try Fixtures.vsin(.dk, at: Fixtures.late)
        let lateMl = try late.values.one(.phi, .nym, .moneyline)
        #expect(lateMl.lineAwayOrOver == -140 && lateMl.lineHomeOrUnder == 124)
        #expect(lateMl.awayOrUnderBetsPct == 74 && lateMl.homeOrOverMoneyPct == 50)
        let total = try late.values.one(.bos, .sea, .total)
        #expect(total.lineAwayOrOver == 8 && total.homeOrOverBetsPct == 65 && total.homeOrOverMoneyPct == 70)
    }

    @Test func zeroMarketsAreSkippedSilently() throws {
        let dk = try Fixtures.vsin(.dk, at: Fixtures.late)
        #expect(dk.errors.isEmpty)
        #expect(dk.values.count == 38)
        #expect(dk.values.filter { $0.away == .lad && $0.home == .sf }.map(\.market) == [.moneyline, .total])

        let zeroTotal = VSINPage.row(totalHandle: ("0%", "0%"), totalBets: ("0%", "0%"))
        let outcome = VSINParser.parse(VSINPage.page([zeroTotal]), capturedAt: now, book: .circa)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.values.map(\.market) == [.moneyline, .spread])
    }

    @Test func lineMovesAcrossCapturesAsRecorded() throws {
        let lines = try [Fixtures.early, Fixtures.middle, Fixtures.late].map { name in
            let ml = try Fixtures.vsin(.circa, at: name).values.one(.phi, .nym, .moneyline)
            return [ml.lineAwayOrOver, ml.lineHomeOrUnder]
        }
        #expect(lines == [[-168, 150], [-150, 138], [-142, 130]])
    }

    @Test func homeAndAwayNeverSwap() throws {
        // Every recorded row's teams are the schedule's away@home, and each side keeps its own
        // numbers (the old Python parser copied away values into home).
        let schedule = try Fixtures.schedule(at: Fixtures.late).values
        let pairs = Set(schedule.map { "\($0.away)@\($0.home)" })
        for name in [Fixtures.early, Fixtures.middle, Fixtures.late] {
            for book in [Book.circa, .dk] {
                for split in try Fixtures.vsin(book, at: name).values {
                    #expect(pairs.contains("\(split.away)@\(split.home)"), "\(split.matchup) at \(name)")
                }
            }
        }
        let outcome = VSINParser.parse(VSINPage.page([VSINPage.row()]), capturedAt: now, book: .circa)
        let ml = try outcome.values.one(.phi, .nym, .moneyline)
        #expect([ml.awayOrUnderMoneyPct, ml.homeOrOverMoneyPct, ml.awayOrUnderBetsPct, ml.homeOrOverBetsPct]
                == [41, 59, 70, 30])
        #expect([ml.lineAwayOrOver, ml.lineHomeOrUnder] == [-142, 130])
        let spread = try outcome.values.one(.phi, .nym, .spread)
        #expect([spread.awayOrUnderMoneyPct, spread.homeOrOverMoneyPct, spread.awayOrUnderBetsPct,
                 spread.homeOrOverBetsPct] == [36, 64, 61, 39])
        let total = try outcome.values.one(.phi, .nym, .total)
        #expect([total.homeOrOverMoneyPct, total.awayOrUnderMoneyPct, total.homeOrOverBetsPct,
                 total.awayOrUnderBetsPct] == [52, 48, 57, 43])
    }

    @Test func liveShapeOneScoreboxDivPerTeamIsRead() throws {
        // DK's live cells: each value in its own div, wrapped in a link, "+143" with its sign.
        func dk(_ text: String) -> String { "<a href=\"/mlb/odds/1\" target=\"_blank\">\(text)</a>" }
        let row = VSINPage.row(shape: .twoDivs, ml: (dk("-165"), dk("+143")), total: (dk("9.5"), dk("9.5")),
                               runLine: (dk("+1.5"), dk("-1.5")))
        #expect(row.contains("</div><hr class=\"my-1\"><div class=\"scorebox_highlight"))
        let outcome = VSINParser.parse(VSINPage.page([row]), capturedAt: now, book: .dk)
        #expect(outcome.errors.isEmpty)
        let ml = try outcome.values.one(.phi, .nym, .moneyline)
        #expect([ml.lineAwayOrOver, ml.lineHomeOrUnder] == [-165, 143])
        let total = try outcome.values.one(.phi, .nym, .total)
        #expect([total.lineAwayOrOver, total.lineHomeOrUnder] == [9.5, 9.5])
        let spread = try outcome.values.one(.phi, .nym, .spread)
        #expect([spread.lineAwayOrOver, spread.lineHomeOrUnder] == [1.5, -1.5])
    }

    @Test func olderShapeBothValuesInOneScoreboxDivIsRead() throws {
        let row = VSINPage.row(shape: .oneDiv, ml: ("-168", "150"), total: ("8", "8"), runLine: ("-1.5", "+1.5"))
        #expect(row.contains("<div class=\"scorebox_highlight text-center\">-168<hr>150</div>"))
        let outcome = VSINParser.parse(VSINPage.page([row]), capturedAt: now, book: .circa)
        #expect(outcome.errors.isEmpty)
        let ml = try outcome.values.one(.phi, .nym, .moneyline)
        #expect([ml.lineAwayOrOver, ml.lineHomeOrUnder] == [-168, 150])
        let total = try outcome.values.one(.phi, .nym, .total)
        #expect([total.lineAwayOrOver, total.lineHomeOrUnder] == [8, 8])
        let spread = try outcome.values.one(.phi, .nym, .spread)
        #expect([spread.lineAwayOrOver, spread.lineHomeOrUnder] == [-1.5, 1.5])
    }

    @Test func aThirdScoreboxDivIsAClearError() throws {
        let box = "<div class=\"scorebox_highlight\">-110</div>"
        let row = VSINPage.row(ml: ("-142", "130</div><hr>\(box)<div>"))
        let outcome = VSINParser.parse(VSINPage.page([row]), capturedAt: now, book: .circa)
        #expect(outcome.errors.map(\.message).contains { $0.contains("found 3") })
        #expect(!outcome.values.contains { $0.market == .moneyline })
    }

    @Test func iconsSpacesAndHiddenResultsAreNotData() throws {
        let noisy = VSINPage.row(
            mlHandle: ("41%&nbsp;<i class=\"fa fa-arrow-up\"></i><div class=\"collapse\">Win<hr>Loss</div>",
                       "&nbsp;59%&nbsp;<i class=\"fa fa-arrow-down\"></i>"),
            mlBets: ("<span>70</span>%", "30%<div class=\"collapse\">Loss</div>"))
        let outcome = VSINParser.parse(VSINPage.page([noisy]), capturedAt: now, book: .circa)
        #expect(outcome.errors.isEmpty)
        let ml = try outcome.values.one(.phi, .nym, .moneyline)
        #expect(ml.awayOrUnderMoneyPct == 41 && ml.homeOrOverMoneyPct == 59)
        #expect(ml.awayOrUnderBetsPct == 70 && ml.homeOrOverBetsPct == 30)

        // The recorded pages carry the same noise: at 22:30 the PHI@NYM handle cell has arrows.
        let middle = try Fixtures.vsin(.circa, at: Fixtures.middle)
        #expect(middle.errors.isEmpty)
        let moved = try middle.values.one(.phi, .nym, .moneyline)
        #expect(moved.awayOrUnderMoneyPct == 45 && moved.homeOrOverMoneyPct == 55)
    }

    @Test func headerDateIsTheSlateDate() {
        let outcome = VSINParser.parse(VSINPage.page([VSINPage.row()], date: "2025-07-04"), capturedAt: now, book: .dk)
        #expect(outcome.slateDate == SlateDate("2025-07-04"))
    }

    @Test func pageWithoutTheTableIsRejectedWhole() {
        let html = Data("<html><body><table class=\"legend\"><tbody>\(VSINPage.row())</tbody></table></body></html>".utf8)
        let outcome = VSINParser.parse(html, capturedAt: now, book: .circa)
        #expect(outcome.values.isEmpty)
        #expect(outcome.errors.count == 1)
        #expect(outcome.payloadError?.kind == .payload)
        #expect(outcome.errors.first?.description == "vsin (circa) payload: no <table> whose class contains 'freezetable'")
        #expect(VSINParser.parse(Data(), capturedAt: now, book: .circa).payloadError != nil)
    }

    @Test func textThatIsNotAPercentageDropsThatMarketOnly() throws {
        let bad = VSINPage.row(mlHandle: ("abc", "58%"))
        let outcome = VSINParser.parse(VSINPage.page([bad, VSINPage.pirates]), capturedAt: now, book: .circa)
        let error = try #require(outcome.errors.first)
        #expect(outcome.errors.count == 1)
        #expect(error.kind == .notAPercentage)
        #expect(error.description == "vsin (circa) game PHI@NYM field 'moneyline handle %': 'abc' is not a percentage")
        #expect(outcome.values.filter { $0.away == .pit && $0.home == .chc }.count == 3)
        #expect(outcome.values.filter { $0.away == .phi }.map(\.market) == [.total, .spread])
        #expect(outcome.failedRows == 1)
    }

    @Test func percentageAbove100DropsThatMarketOnly() throws {
        let bad = VSINPage.row(rlBets: ("130%", "-30%"))
        let outcome = VSINParser.parse(VSINPage.page([VSINPage.pirates, bad]), capturedAt: now, book: .dk)
        let error = try #require(outcome.errors.first)
        #expect(error.kind == .percentageOutOfRange)
        #expect(error.game == "PHI@NYM" && error.field == "run line bets %" && error.book == .dk)
        #expect(outcome.values.filter { $0.away == .phi }.map(\.market) == [.moneyline, .total])
        #expect(outcome.values.count == 5 && outcome.failedRows == 1)
    }

    @Test func sidesThatDoNotAddUpTo100DropThatMarketOnly() throws {
        let within = VSINPage.row(totalBets: ("57%", "41%"))  // 98: inside ± 2
        let beyond = VSINPage.row(away: "pittsburgh-pirates", home: "chicago-cubs", totalBets: ("57%", "40%"))
        let outcome = VSINParser.parse(VSINPage.page([within, beyond]), capturedAt: now, book: .circa)
        let error = try #require(outcome.errors.first)
        #expect(outcome.errors.count == 1)
        #expect(error.kind == .sidesDoNotSum && error.game == "PIT@CHC" && error.field == "total bets %")
        #expect(outcome.values.filter { $0.home == .nym }.count == 3)
        #expect(outcome.values.filter { $0.home == .chc }.map(\.market) == [.moneyline, .spread])
        #expect(outcome.failedRows == 1)
    }

    @Test func unknownTeamDropsTheGame() throws {
        let bad = VSINPage.row(away: "montreal-expos")
        let outcome = VSINParser.parse(VSINPage.page([bad, VSINPage.pirates]), capturedAt: now, book: .circa)
        let error = try #require(outcome.errors.first)
        #expect(error.kind == .unknownTeam)
        #expect(error.game == "montreal-expos@new-york-mets" && error.field == "away team")
        #expect(outcome.values.count == 3 && outcome.values.allSatisfy { $0.away == .pit })
        #expect(outcome.failedRows == 3)   // without its teams no market of the game can be used
    }

    @Test func unreadableLineDropsThatMarketOnly() throws {
        let bad = VSINPage.row(ml: ("-142", "even"))
        let outcome = VSINParser.parse(VSINPage.page([bad]), capturedAt: now, book: .circa)
        #expect(outcome.values.map(\.market) == [.total, .spread])
        #expect(outcome.failedRows == 1)
        #expect(outcome.errors.map(\.kind) == [.invalidValue])
        #expect(outcome.errors.first?.field == "moneyline")
    }

    @Test func sharpSidesAtTheLastCaptureAreExactlyTheRecordedSignals() throws {
        var flagged: Set<String> = []
        for book in [Book.circa, .dk] {
            for split in try Fixtures.vsin(book, at: Fixtures.late).values {
                if let side = split.sharpAction() {
                    flagged.insert("\(book) \(split.matchup) \(split.market.rawValue) \(side.rawValue)")
                }
            }
        }
        #expect(flagged == [
            "circa PHI@NYM moneyline home", "circa PHI@NYM spread home", "dk PHI@NYM moneyline home",
            "dk PHI@NYM spread home", "circa PIT@CHC moneyline home", "dk PIT@CHC moneyline home",
            "circa SD@ARI moneyline away", "circa SD@ARI spread home", "dk SD@ARI moneyline away",
            "dk SD@ARI spread home", "circa NYY@LAA total under", "dk NYY@LAA total under",
            "circa STL@CIN moneyline home", "dk STL@CIN moneyline away",
        ])
    }
}
