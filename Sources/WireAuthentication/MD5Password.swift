/// PostgreSQL's `md5` password method: the client proves it knows the password by sending
/// `"md5" + md5hex(md5hex(password + user) + salt)` for the 4-byte salt the server chose.
///
/// ```swift
/// let salt: [UInt8] = [1, 2, 3, 4]
/// let answer = MD5Password.response(user: "alice", password: "secret", salt: salt)
/// MD5Password.matches(answer, user: "alice", password: "secret", salt: salt) // true
/// ```
public enum MD5Password {
    /// What a client sends for `password` of `user` given the server's `salt`.
    public static func response(user: String, password: String, salt: [UInt8]) -> String {
        let inner = WireDigest.md5Hex(Array((password + user).utf8))
        return "md5" + WireDigest.md5Hex(Array(inner.utf8) + salt)
    }

    /// Whether a client's `answer` proves `password` (compared in constant time).
    public static func matches(_ answer: String, user: String, password: String, salt: [UInt8]) -> Bool {
        ConstantTime.equal(Array(answer.utf8), Array(response(user: user, password: password, salt: salt).utf8))
    }
}
