import Foundation
import Testing
@testable import SharpBetting

@Suite struct ReplayTests {
    @Test func capturesAreListedInTimeOrder() throws {
        let captures = try Fixtures.replay.captures()
        #expect(captures.map(\.name) == [Fixtures.early, Fixtures.middle, Fixtures.late])
        #expect(captures.map(\.capturedAt) == [
            Fixtures.date("2025-06-17T16:00:00Z"), Fixtures.date("2025-06-17T22:30:00Z"),
            Fixtures.date("2025-06-17T22:55:00Z"),
        ])
    }

    @Test func folderNamesRoundTrip() {
        let date = Fixtures.date("2025-06-17T22:55:00Z")
        #expect(ReplayCapture.folderName(for: date) == "2025-06-17T22-55-00Z")
        #expect(ReplayCapture.time(fromFolderName: "2025-06-17T22-55-00Z") == date)
        #expect(ReplayCapture.time(fromFolderName: "2025-06-17T22:55:00Z") == nil)
        #expect(ReplayCapture.time(fromFolderName: "README.md") == nil)
    }

    @Test func payloadsAreFoundBySourceAndBook() throws {
        let capture = try Fixtures.capture(Fixtures.late)
        let html = try Fixtures.replay.payload(at: capture, source: .vsin, book: .dk)
        #expect(String(decoding: html, as: UTF8.self).contains("game_highlight_dk"))
        let sbd = try Fixtures.replay.payload(at: capture, source: .sbd, book: nil)
        #expect(String(decoding: sbd, as: UTF8.self).contains("\"group\": \"2025-06-17\""))
        #expect(throws: ReplayError.noSingleFile(source: .pinnacle, book: nil)) {
            try Fixtures.replay.payload(at: capture, source: .pinnacle, book: nil)
        }
    }

    @Test func missingFileIsAClearError() throws {
        let capture = try Fixtures.capture(Fixtures.late)
        let path = capture.directory.appending(path: "vsin-fanduel.html").path
        let error = ReplayError.missingFile(capture: Fixtures.late, file: "vsin-fanduel.html", path: path)
        #expect(throws: error) { try Fixtures.replay.payload(.vsin(Book("fanduel")), at: capture) }
        #expect(error.description == "replay capture 2025-06-17T22-55-00Z: no vsin-fanduel.html at \(path)")
        #expect(throws: ReplayError.rootNotFound(path: "/nonexistent/day")) {
            try Replay(root: URL(filePath: "/nonexistent/day")).captures()
        }
    }
}
