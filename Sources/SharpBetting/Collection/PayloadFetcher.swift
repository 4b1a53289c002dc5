import Foundation

/// Where the collector gets payloads: the live sites, a recorded replay folder, or the simulator.
///
/// A fetcher returns one payload file's bytes, exactly as the source serves them; the collector
/// parses them. Throwing means the feed failed for this capture (it is reported and skipped).
///
/// ```swift
/// struct Canned: PayloadFetcher {
///     let files: [RecordedFile: Data]
///     func fetch(_ file: RecordedFile, for capture: CaptureContext) async throws -> Data {
///         guard let data = files[file] else { throw CocoaError(.fileNoSuchFile) }
///         return data
///     }
/// }
/// ```
public protocol PayloadFetcher: Sendable {
    /// The bytes of `file` for `capture`.
    func fetch(_ file: RecordedFile, for capture: CaptureContext) async throws -> Data
}
