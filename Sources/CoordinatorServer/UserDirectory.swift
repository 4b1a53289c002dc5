import Foundation
import WireAuthentication

/// Who may log in to a server and what each must prove, built once from its configuration
/// (SCRAM verifiers are derived here, not per login; ``make(_:)`` derives them on a thread of
/// its own, since PBKDF2 would hold a concurrency-pool thread for a second or more).
///
/// ```swift
/// let directory = await UserDirectory.make(configuration)
/// switch directory.login(for: "alice") {
/// case .trusted: …                     // no password configured for alice
/// case .password(let password, let scram): …
/// case .unknown(let decoy): …          // not listed: a decoy exchange, then 28P01
/// case .refused: …                     // not listed, no passwords in use: 28000
/// }
/// ```
final class UserDirectory: Sendable {
    enum Login {
        case trusted
        case password(String, SCRAMAuthenticator)
        /// Not a listed user while passwords are in use: the client goes through the usual
        /// exchange against `decoy` and is refused at its end, so user names do not leak.
        case unknown(decoy: SCRAMAuthenticator)
        /// Not a listed user and nobody needs a password: refused at once.
        case refused
    }

    private let shared: (password: String, scram: SCRAMAuthenticator)?
    private let own: [String: (password: String, scram: SCRAMAuthenticator)]
    private let listed: Set<String>?
    private let decoy: SCRAMAuthenticator?
    private let roles: [String: ServerRole]
    private let defaultRole: ServerRole

    init(_ configuration: ServerConfiguration) {
        shared = configuration.password.map { ($0, SCRAMAuthenticator(password: $0)) }
        var own: [String: (String, SCRAMAuthenticator)] = [:]
        for user in configuration.users ?? [] {
            if let password = user.password { own[user.name] = (password, SCRAMAuthenticator(password: password)) }
        }
        self.own = own
        listed = configuration.users.map { Set($0.map(\.name)) }
        roles = Dictionary((configuration.users ?? []).map { ($0.name, $0.role) }, uniquingKeysWith: { first, _ in first })
        defaultRole = configuration.defaultRole
        let passwords = configuration.password != nil || !own.isEmpty
        decoy = passwords && listed != nil ? SCRAMAuthenticator.decoy() : nil
    }

    /// The directory of `configuration`, its verifiers derived on a new thread (not the pool).
    static func make(_ configuration: ServerConfiguration) async -> UserDirectory {
        guard configuration.usesPasswords else { return UserDirectory(configuration) }
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: UserDirectory(configuration)) }.start()
        }
    }

    /// The role of `user` once logged in.
    func role(of user: String) -> ServerRole { roles[user] ?? defaultRole }

    /// How `user` logs in.
    func login(for user: String) -> Login {
        if let listed, !listed.contains(user) {
            return decoy.map { .unknown(decoy: $0) } ?? .refused
        }
        if let (password, scram) = own[user] ?? shared { return .password(password, scram) }
        return .trusted
    }
}
