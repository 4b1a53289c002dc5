import Foundation

/// A user name that may log in to a ``CoordinatorServer`` whose ``ServerConfiguration/users``
/// lists them, with their own password or the server's.
///
/// ```swift
/// let users = try ServerUser.parseList("alice:secret\nbob\n# comment\n")
/// // [alice (own password), bob (the server's password, or trusted without one)]
/// ```
public struct ServerUser: Sendable, Equatable {
    public var name: String
    /// This user's own password; nil means ``ServerConfiguration/password`` (trust without one).
    public var password: String?

    public init(name: String, password: String? = nil) {
        self.name = name
        self.password = password
    }

    /// Parses a users file: one `name:password` (or just `name`) per line; the password is
    /// everything after the first `:`. Blank lines and lines starting with `#` are skipped.
    /// - Throws: ``ServerConfigurationError`` naming the bad line.
    public static func parseList(_ text: String) throws -> [ServerUser] {
        var users: [ServerUser] = []
        // By Character, so a CRLF ("\r\n" is one Character) ends a line as "\n" does.
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.allSatisfy(\.isWhitespace) || line.first == "#" { continue }
            let name: Substring, password: String?
            if let colon = line.firstIndex(of: ":") {
                name = line[..<colon]
                password = String(line[line.index(after: colon)...])
            } else {
                (name, password) = (line, nil)
            }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw ServerConfigurationError("users file line \(index + 1): no user name before ':'") }
            guard password?.isEmpty != true else {
                throw ServerConfigurationError("users file line \(index + 1): empty password for \(trimmed); give one, or write the name alone to use the server's password")
            }
            guard !users.contains(where: { $0.name == trimmed }) else {
                throw ServerConfigurationError("users file line \(index + 1): \(trimmed) is listed twice")
            }
            users.append(ServerUser(name: trimmed, password: password))
        }
        guard !users.isEmpty else { throw ServerConfigurationError("the users file lists no users; give one name:password per line") }
        return users
    }
}
