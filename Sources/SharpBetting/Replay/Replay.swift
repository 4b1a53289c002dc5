import Foundation

/// Reads a recorded day: one folder per capture (named for its UTC time) holding the payloads
/// exactly as the sources serve them, so parsers and pipelines run without the network.
///
/// Layout: `<root>/<YYYY-MM-DDTHH-MM-SSZ>/{sbd.json, vsin-circa.html, vsin-dk.html,
/// pinnacle-matchups.json, pinnacle-markets.json, schedule.json}`; a `schedule.json` directly in
/// `<root>` serves captures that lack their own.
///
/// ```swift
/// let replay = Replay(root: URL(filePath: "recorded/2025-06-17"))
/// for capture in try replay.captures() {
///     let html = try replay.payload(.vsin(.circa), at: capture)
///     let splits = VSINParser.parse(html, capturedAt: capture.capturedAt, book: .circa).values
/// }
/// ```
public struct Replay: Sendable {
    /// The recorded day's folder.
    public let root: URL

    /// A replay of the day recorded under `root`.
    public init(root: URL) { self.root = root }

    /// The captures, oldest first; folders whose names are not capture times are ignored.
    public func captures() throws(ReplayError) -> [ReplayCapture] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        } catch {
            throw .rootNotFound(path: root.path)
        }
        return names
            .compactMap { ReplayCapture(directory: root.appendingPathComponent($0, isDirectory: true)) }
            .filter { isDirectory($0.directory) }
            .sorted()
    }

    /// The bytes of one payload file of `capture`. A missing `schedule.json` falls back to the
    /// day-level one.
    public func payload(_ file: RecordedFile, at capture: ReplayCapture) throws(ReplayError) -> Data {
        let url = capture.directory.appendingPathComponent(file.fileName)
        if file == .schedule, !FileManager.default.fileExists(atPath: url.path) {
            let dayLevel = root.appendingPathComponent(file.fileName)
            if FileManager.default.fileExists(atPath: dayLevel.path) { return try read(dayLevel) }
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .missingFile(capture: capture.name, file: file.fileName, path: url.path)
        }
        return try read(url)
    }

    /// The payload of a single-file source: `sbd` (book nil), `vsin` with a book, `schedule`.
    /// Pinnacle has two files: use ``pinnaclePayloads(at:)``.
    public func payload(
        at capture: ReplayCapture, source: SourceName, book: Book?
    ) throws(ReplayError) -> Data {
        switch (source, book) {
        case (.sbd, nil): try payload(.sbd, at: capture)
        case (.vsin, let book?): try payload(.vsin(book), at: capture)
        case (.schedule, nil): try payload(.schedule, at: capture)
        default: throw .noSingleFile(source: source, book: book)
        }
    }

    /// Pinnacle's two payloads of `capture`.
    public func pinnaclePayloads(at capture: ReplayCapture) throws(ReplayError) -> (matchups: Data, markets: Data) {
        (try payload(.pinnacleMatchups, at: capture), try payload(.pinnacleMarkets, at: capture))
    }

    private func read(_ url: URL) throws(ReplayError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: String(describing: error))
        }
    }

    private func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }
}
