import Foundation

/// Encodes one value as a single JSON line with sorted keys, so output is stable and diffable.
enum JSONLineEncoding {
    static func line<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
