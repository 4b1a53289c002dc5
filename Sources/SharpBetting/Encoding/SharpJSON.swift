import Foundation

/// JSON coding of signals, alerts and reports: sorted keys, dates as ISO-8601 UTC with
/// milliseconds (`2025-06-17T22:55:00.000Z`), so files are stable, diffable and readable.
///
/// ```swift
/// let data = try SharpJSON.encoder(pretty: true).encode(result)
/// let back = try SharpJSON.decoder().decode(DetectionResult.self, from: data)
/// ```
public enum SharpJSON {
    private static let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// An encoder with sorted keys and ISO-8601 dates; `pretty` adds indentation.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format.format(date))
        }
        return encoder
    }

    /// A decoder for what ``encoder(pretty:)`` writes (ISO-8601 with or without fractions).
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = UTCTimestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO-8601 time")
            }
            return date
        }
        return decoder
    }

    /// `value` as one line of JSON.
    public static func line<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}
