import Foundation

/// A user name that may log in to a ``CoordinatorServer`` whose ``ServerConfiguration/users``
/// lists them, with their own password or the server's, and their ``ServerRole``.
///
/// ```swift
/// let users = try ServerUser.parseList("alice:secret\nread bob\nadmin ops:s3cret\n# comment\n")
/// // [alice (own password, write), bob (the server's password or trusted, read), ops (own password, admin)]
/// ```
public struct ServerUser: Sendable, Equatable {
    public var name: String
    /// This user's own password; nil means ``ServerConfiguration/password`` (trust without one).
    public var password: String?
    /// What the user may do (``ServerRole/write`` unless the users file says otherwise).
    public var role: ServerRole

    public init(name: String, password: String? = nil, role: ServerRole = .write) {
        self.name = name
        self.password = password
        self.role = role
    }

    /// Parses a users file: one `[ROLE] name[:password]` per line. The password is everything
    /// after the first `:`; ROLE (`read`, `write` or `admin`, then a space) comes first and is
    /// `write` when left out. Blank lines and lines starting with `#` are skipped.
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
            var role = ServerRole.write
            var trimmed = name.trimmingCharacters(in: .whitespaces)
            let words = trimmed.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if words.count == 2 {
                do { role = try ServerRole(parsing: String(words[0])) } catch let error as ServerConfigurationError {
                    throw ServerConfigurationError("users file line \(index + 1): \(error.description) before the name, or remove the space from \"\(trimmed)\"")
                }
                trimmed = words[1].trimmingCharacters(in: .whitespaces)
            }
            guard !trimmed.isEmpty else { throw ServerConfigurationError("users file line \(index + 1): no user name before ':'") }
            guard password?.isEmpty != true else {
                throw ServerConfigurationError("users file line \(index + 1): empty password for \(trimmed); give one, or write the name alone to use the server's password")
            }
            guard !users.contains(where: { $0.name == trimmed }) else {
                throw ServerConfigurationError("users file line \(index + 1): \(trimmed) is listed twice")
            }
            users.append(ServerUser(name: trimmed, password: password, role: role))
        }
        guard !users.isEmpty else { throw ServerConfigurationError("the users file lists no users; give one name:password per line") }
        return users
    }
}
