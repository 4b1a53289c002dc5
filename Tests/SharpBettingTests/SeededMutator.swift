import Foundation
import SharpBetting

/// Seeded mutations of a valid payload for the fuzz tests: the same seed gives the same bytes.
/// Each case applies 1–4 of: flip a byte, delete a range, duplicate a range, insert a token that
/// parsers trip on (quotes, brackets, huge or non-finite numbers, NUL, invalid UTF-8), truncate.
struct SeededMutator {
    static let tokens: [[UInt8]] = [
        "\"", "{", "}", "[", "]", ",", ":", "null", "true", "-", "1e999", "-1e999", "NaN", "-0",
        "99999999999999999999", "101", "-5", "0.0000001", "\\u0000", "\\ud800", "<", ">", "</td>",
        "<tr>", "&amp;", "<!--", "%", "\u{0}",
    ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0xC3], [0xED, 0xA0, 0x80]]

    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    private mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(random.next() % UInt64(n)) }

    mutating func mutate(_ input: Data) -> Data {
        var bytes = [UInt8](input)
        for _ in 0...below(4) {
            let at = below(bytes.count + 1)
            switch below(6) {
            case 0: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: random.next()) }
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + below(64)))
            case 2:
                let end = min(bytes.count, at + 1 + below(256))
                bytes.insert(contentsOf: bytes[at..<end], at: below(bytes.count + 1))
            case 3, 4: bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
            default: bytes.removeSubrange(at..<bytes.count)
            }
        }
        return Data(bytes)
    }
}
