#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A count of the catalog changes an optimized coordinator may have made: tables, columns,
/// views, types, schemas, settings. It advances on the writer thread after any statement that
/// is not plain DML (a query, INSERT, UPDATE, DELETE) has run — DDL, COMMIT and ROLLBACK (which
/// may publish or undo DDL), an exclusive job, a writer-session command — and before its caller
/// is answered. So what was derived from the catalog while the count read `g` (the parameter
/// types of a statement, a prepared statement) is stale once it reads anything else.
///
/// ```swift
/// let seen = db.catalogGeneration              // before asking DuckDB
/// let types = try await db.parameterTypeNames(of: sql)
/// // … later: reuse `types` only while db.catalogGeneration == seen
/// ```
/// Contract: read the count before deriving from the catalog, never after; a derivation that
/// raced with DDL then carries the older count and is thrown away at its next use.
public final class CatalogGeneration: Sendable {
    private let count = Atomic<UInt64>(0)

    public init() {}

    /// The current count.
    public var current: UInt64 { count.load(ordering: .acquiring) }

    /// The catalog may have changed (call after the change, before answering its caller).
    func advance() { count.add(1, ordering: .releasing) }

    /// Whether running `sql` may change the catalog: false only when its first keyword (after
    /// spaces and comments) is one of plain DML or a read, in a text of one statement; DDL, SET,
    /// COMMIT, ROLLBACK, PRAGMA, anything unknown, several statements may.
    ///
    /// ```swift
    /// CatalogGeneration.mayChangeCatalog("INSERT INTO t VALUES (1)")    // false
    /// CatalogGeneration.mayChangeCatalog("ALTER TABLE t ADD COLUMN c INT") // true
    /// ```
    public static func mayChangeCatalog(_ sql: String) -> Bool {
        // Several statements in one text (`INSERT …; DROP …`): any of them may.
        if holdsSeveralStatements(sql) { return true }
        guard let word = firstKeyword(sql) else { return false }
        return !unchanging.contains(word)
    }

    /// Whether a `;` comes before the text's last statement ends (trailing `;` and spaces
    /// aside). The writer asks this of every statement of every job before answering its
    /// caller, and a capture's multi-row statements run to tens of kilobytes: `memchr` over
    /// the UTF-8 bytes, not a walk through lazy collection wrappers (12–57 ms per capture job
    /// in a debug build).
    static func holdsSeveralStatements(_ sql: String) -> Bool {
        var text = sql
        return text.withUTF8 { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: ";") || bytes[end - 1] == 0x20 || (bytes[end - 1] >= 0x09 && bytes[end - 1] <= 0x0D) {
                end -= 1
            }
            guard end > 0, let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(UInt8(ascii: ";")), end) != nil
        }
    }

    /// First keywords of statements that leave the catalog as it is. (BEGIN opens a
    /// transaction; what it publishes is counted at COMMIT.)
    private static let unchanging: Set<String> = ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES", "FROM", "TABLE", "BEGIN", "START", "SHOW", "DESCRIBE"]

    /// The first word of `sql`, upper-cased, after spaces, `--` and `/* */` comments and `(`.
    static func firstKeyword(_ sql: String) -> String? {
        var bytes = Substring(sql).utf8[...]
        while let first = bytes.first {
            if first == 0x20 || (first >= 0x09 && first <= 0x0D) || first == UInt8(ascii: "(") {
                bytes = bytes.dropFirst()
            } else if bytes.starts(with: "--".utf8) {
                bytes = bytes.drop { $0 != 0x0A }
            } else if bytes.starts(with: "/*".utf8) {
                guard let end = bytes.indices.dropFirst(2).first(where: { bytes[$0] == UInt8(ascii: "*") && bytes.index(after: $0) < bytes.endIndex && bytes[bytes.index(after: $0)] == UInt8(ascii: "/") }) else { return nil }
                bytes = bytes[bytes.index(end, offsetBy: 2)...]
            } else {
                break
            }
        }
        let word = bytes.prefix { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == UInt8(ascii: "_") }
        guard !word.isEmpty else { return nil }
        return String(decoding: word, as: UTF8.self).uppercased()
    }
}

extension WriteWork {
    /// Whether this write may change the catalog (a single-row INSERT, bulk rows and appends
    /// never do).
    var mayChangeCatalog: Bool {
        switch self {
        case .statement(let sql, _, let insert): insert == nil && CatalogGeneration.mayChangeCatalog(sql)
        case .bulk, .appended: false
        case .job(let job, _): job.statements.contains { CatalogGeneration.mayChangeCatalog($0.sql) }
        }
    }
}
