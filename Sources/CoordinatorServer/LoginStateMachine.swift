import NIOCore
import WireAuthentication

/// One login exchange, as a pure state machine: trust, SCRAM-SHA-256, MD5 or cleartext,
/// decided by the user's entry in the ``UserDirectory`` and the configuration. The
/// ``ConnectionHandler`` starts it and feeds it each password message.
///
/// An unlisted user is refused: 28000 at once when no passwords are in use, else 28P01 at the
/// end of a full (decoy) exchange, so user names do not leak.
///
/// ```swift
/// var login = LoginStateMachine(user: "alice", login: directory.login(for: "alice"), method: .scram)
/// login.start()                // .ask(.authenticationSASL(mechanisms: ["SCRAM-SHA-256"]))
/// login.received(firstMessage) // .ask(.authenticationSASLContinue(…))
/// login.received(finalMessage) // .succeeded([.authenticationSASLFinal(…)]) or .failed(28P01)
/// ```
struct LoginStateMachine {
    /// How passwords are asked for when one is needed.
    enum Method: Equatable { case scram, md5, cleartext }

    enum Step: Equatable {
        /// Send this and wait for the client's answer.
        case ask(BackendMessage)
        /// Logged in; send these first (SCRAM's final message), then AuthenticationOk.
        case succeeded([BackendMessage])
        case failed(BackendMessage.ErrorFields)
    }

    private enum State {
        case start
        case md5(salt: [UInt8])
        case cleartext
        case scramInitial(SCRAMAuthenticator)
        case scramFinal(SCRAMAuthenticator.Exchange)
        case done
    }

    let user: String
    private let login: UserDirectory.Login
    private let method: Method
    private let salt: [UInt8]
    private var state = State.start

    /// `salt`: MD5's four random bytes (passed in, so a test can fix them).
    init(user: String, login: UserDirectory.Login, method: Method,
         salt: [UInt8] = (0..<4).map { _ in UInt8.random(in: 0...255) }) {
        self.user = user
        self.login = login
        self.method = method
        self.salt = salt
    }

    /// The known password, or nil for an unknown user (whose exchange is a decoy).
    private var password: String? {
        if case .password(let password, _) = login { return password }
        return nil
    }

    private var wrongPassword: BackendMessage.ErrorFields {
        .init(severity: "FATAL", sqlState: SQLState.invalidPassword, message: "password authentication failed for user \"\(user)\"")
    }

    private func refuse(_ message: String) -> Step {
        .failed(.init(severity: "FATAL", sqlState: SQLState.invalidPassword, message: message))
    }

    /// The first step, right after the startup packet.
    mutating func start() -> Step {
        let scram: SCRAMAuthenticator
        switch login {
        case .trusted:
            state = .done
            return .succeeded([])
        case .refused:
            state = .done
            return .failed(.init(severity: "FATAL", sqlState: SQLState.invalidAuthorization, message: "role \"\(user)\" does not exist"))
        case .password(_, let verifier): scram = verifier
        case .unknown(let decoy): scram = decoy
        }
        switch method {
        case .md5:
            state = .md5(salt: salt)
            return .ask(.authenticationMD5Password(salt: salt))
        case .cleartext:
            state = .cleartext
            return .ask(.authenticationCleartextPassword)
        case .scram:
            state = .scramInitial(scram)
            return .ask(.authenticationSASL(mechanisms: ["SCRAM-SHA-256"]))
        }
    }

    /// The client's password message (`p`).
    mutating func received(_ message: ByteBuffer) -> Step {
        var body = message
        let current = state
        state = .done
        switch current {
        case .start, .done:
            return refuse("unexpected password message")
        case .md5(let salt):
            guard let given = body.readNullTerminatedString() else { return refuse("expected a password") }
            guard let password, MD5Password.matches(given, user: user, password: password, salt: salt) else { return .failed(wrongPassword) }
            return .succeeded([])
        case .cleartext:
            guard let given = body.readNullTerminatedString() else { return refuse("expected a password") }
            guard let password, ConstantTime.equal(Array(given.utf8), Array(password.utf8)) else { return .failed(wrongPassword) }
            return .succeeded([])
        case .scramInitial(let scram):
            guard let mechanism = body.readNullTerminatedString() else { return refuse("expected SASLInitialResponse") }
            guard mechanism == "SCRAM-SHA-256" else { return refuse("unsupported SASL mechanism \(mechanism)") }
            guard let length = body.readInteger(as: Int32.self) else { return refuse("expected SASLInitialResponse") }
            let clientFirst = body.readString(length: max(0, Int(length))) ?? ""
            var exchange = scram.begin()
            do {
                let serverFirst = try exchange.serverFirst(clientFirst: clientFirst)
                state = .scramFinal(exchange)
                return .ask(.authenticationSASLContinue(Array(serverFirst.utf8)))
            } catch {
                return refuse("SCRAM authentication failed: \(error)")
            }
        case .scramFinal(let exchange):
            let clientFinal = body.readString(length: body.readableBytes) ?? ""
            do {
                let serverFinal = try exchange.serverFinal(clientFinal: clientFinal)
                guard password != nil else { return .failed(wrongPassword) }
                return .succeeded([.authenticationSASLFinal(Array(serverFinal.utf8))])
            } catch SCRAMAuthenticator.Failure.wrongPassword {
                return .failed(wrongPassword)
            } catch {
                return refuse("SCRAM authentication failed: \(error)")
            }
        }
    }
}
