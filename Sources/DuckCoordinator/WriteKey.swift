import Foundation

/// The idempotency key of a write: a write sent again with the key of one already applied
/// returns the recorded row counts without running again, so a client that lost its owner
/// mid-write can re-send it and have it applied exactly once.
///
/// On the wire a keyed statement starts with the comment `/* sharp:write-key=KEY */`; a sharp
/// owner applies it at most once per file (its `sharp_write_keys` ledger). KEY is 1–64 of
/// `[A-Za-z0-9_-]`.
///
/// ```swift
/// let key = WriteKey.random()                       // e.g. "w7Qm…" (32 characters)
/// let sql = key.comment + "INSERT INTO games VALUES ($1)"
/// WriteKey.split(sql)?.key == key                   // true; .body is the INSERT alone
/// ```
public struct WriteKey: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    /// A key from its text, or nil when it is empty, longer than 64 or holds anything but
    /// letters, digits, `_` and `-`.
    public init?(rawValue: String) {
        guard (1...64).contains(rawValue.utf8.count), rawValue.utf8.allSatisfy(Self.isKeyByte) else { return nil }
        self.rawValue = rawValue
    }

    /// A fresh key: 128 random bits as 32 hexadecimal digits.
    public static func random() -> WriteKey {
        var generator = SystemRandomNumberGenerator()
        let text = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
        return WriteKey(rawValue: text)!
    }

    /// The comment that carries the key at the start of a statement (with a trailing space).
    public var comment: String { "\(Self.prefix)\(rawValue) */ " }

    public var description: String { rawValue }

    static let prefix = "/* sharp:write-key="

    /// The key and the statement after it, when `sql` starts (after white space) with a
    /// write-key comment; nil otherwise (a malformed key comment is not a key: the statement
    /// runs as written, the comment ignored by the engine).
    public static func split(_ sql: String) -> (key: WriteKey, body: String)? {
        let utf8 = sql.utf8
        var start = utf8.startIndex
        while start < utf8.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(utf8[start]) { start = utf8.index(after: start) }
        let prefix = Self.prefix.utf8
        guard utf8[start...].starts(with: prefix) else { return nil }
        let keyStart = utf8.index(start, offsetBy: prefix.count)
        var keyEnd = keyStart
        while keyEnd < utf8.endIndex, isKeyByte(utf8[keyEnd]) { keyEnd = utf8.index(after: keyEnd) }
        let close = " */".utf8
        guard utf8[keyEnd...].starts(with: close),
              let key = WriteKey(rawValue: String(sql[keyStart..<keyEnd])) else { return nil }
        let bodyStart = utf8.index(keyEnd, offsetBy: close.count)
        return (key, String(sql[bodyStart...]).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
