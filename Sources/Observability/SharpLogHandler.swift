import Foundation
import Logging

/// A swift-log handler that writes one line per message to a sink (standard error by default).
///
/// Text: `2026-12-02T06:40:00.123Z warning sharp.coordinator: slow batch duration_ms=812 operation=batch rows=500`.
/// JSON: `{"ts":"…","level":"warning","logger":"sharp.coordinator","message":"slow batch","operation":"batch","duration_ms":812,"rows":500}`:
/// metadata keys become top-level fields (numbers stay numbers), so a line carries
/// `operation`, `duration_ms`, `rows` and `error_kind` where the caller gave them.
///
/// ```swift
/// LoggingSystem.bootstrap { label in SharpLogHandler(label: label, format: .json, level: .debug) }
/// ```
/// Contract: one `write` call per line, never interleaved within a line; lines below `logLevel`
/// are dropped by swift-log before they reach the handler.
public struct SharpLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public let label: String
    public let format: LogFormat
    private let sink: @Sendable (String) -> Void

    /// A handler for `label`; `sink` receives each finished line, newline included.
    public init(label: String, format: LogFormat, level: Logger.Level,
                sink: @escaping @Sendable (String) -> Void = SharpLogHandler.standardError) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.sink = sink
    }

    /// Writes a line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        let time = Self.timestamp(Date())
        switch format {
        case .text:
            var line = "\(time) \(event.level) \(label): \(event.message)"
            for key in fields.keys.sorted() { line += " \(key)=\(Self.text(fields[key]!))" }
            sink(line + "\n")
        case .json:
            var line = "{\"ts\":\(Self.quoted(time)),\"level\":\(Self.quoted(event.level.rawValue)),"
                + "\"logger\":\(Self.quoted(label)),\"message\":\(Self.quoted(event.message.description))"
            for key in fields.keys.sorted() where !["ts", "level", "logger", "message"].contains(key) {
                line += ",\(Self.quoted(key)):\(Self.json(fields[key]!))"
            }
            sink(line + "}\n")
        }
    }

    // MARK: - encoding

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    private static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let s): s.contains(" ") ? quoted(s) : s
        case .stringConvertible(let s): s.description
        case .array(let items): "[" + items.map(text).joined(separator: ",") + "]"
        case .dictionary(let entries): "{" + entries.keys.sorted().map { "\($0)=\(text(entries[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    /// A metadata value as JSON: strings that read as finite numbers are written as numbers.
    private static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let s):
            return number(s) ?? quoted(s)
        case .stringConvertible(let s):
            return number(s.description) ?? quoted(s.description)
        case .array(let items):
            return "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let entries):
            return "{" + entries.keys.sorted().map { "\(quoted($0)):\(json(entries[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    private static func number(_ text: String) -> String? {
        // Plain decimals only (what "\(someInt)" and "\(someDouble)" give), never "inf", "0x1p3" or "007".
        guard text.count < 32, text.wholeMatch(of: /-?(0|[1-9][0-9]*)(\.[0-9]+)?/) != nil else { return nil }
        return text
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
