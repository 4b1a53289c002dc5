import Foundation

/// Wraps a fetcher and saves every payload it returns in the replay layout:
/// `<root>/<capture time, ':' as '-'>/<file name>`, so `sharp collect --replay <root>` replays it.
///
/// ```swift
/// let fetcher = RecordingFetcher(HTTPPayloadFetcher(), root: URL(filePath: "captures/2025-06-17"))
/// _ = try await collector.collect(capture, using: fetcher)
/// // captures/2025-06-17/2025-06-17T22-55-00Z/sbd.json, vsin-circa.html, …
/// ```
public struct RecordingFetcher: PayloadFetcher {
    /// The fetcher whose payloads are saved.
    public let base: any PayloadFetcher
    /// The folder holding one folder per capture.
    public let root: URL

    /// Saves what `base` fetches under `root`.
    public init(_ base: any PayloadFetcher, root: URL) {
        self.base = base
        self.root = root
    }

    public func fetch(_ file: RecordedFile, for capture: CaptureContext) async throws -> Data {
        let data = try await base.fetch(file, for: capture)
        let folder = root.appendingPathComponent(capture.folderName, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try data.write(to: folder.appendingPathComponent(file.fileName), options: .atomic)
        return data
    }
}
