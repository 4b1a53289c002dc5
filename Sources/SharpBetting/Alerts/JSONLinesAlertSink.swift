import Foundation

/// Appends each alert as one JSON object per line (sorted keys, ISO-8601 UTC dates) to a file,
/// creating it (and its folder) when missing.
///
/// ```swift
/// let file = try JSONLinesAlertSink(path: "data/alerts.jsonl")
/// try await file.deliver(Alert(signal))
/// // {"confidence":78.9,"confidenceLabel":"high","gameKey":"777003","market":"moneyline",…,"text":"SHARP PICK …"}
/// ```
public actor JSONLinesAlertSink: AlertSink {
    /// The file written to.
    public nonisolated let url: URL

    /// A sink appending to `path`.
    public init(path: String) throws {
        url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    public nonisolated var name: String { "jsonl:\(url.path)" }

    /// One alert as it is written: its fields plus `text`.
    struct Line: Encodable {
        let alert: Alert
        func encode(to encoder: any Encoder) throws {
            try alert.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(alert.text, forKey: .text)
        }
        enum Key: String, CodingKey { case text }
    }

    public func deliver(_ alert: Alert) async throws {
        let line = try SharpJSON.line(Line(alert: alert)) + "\n"
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw AlertDeliveryError(sink: name, message: "cannot create \(url.path)")
            }
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }
}
