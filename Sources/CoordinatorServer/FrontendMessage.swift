import NIOCore

/// One message from a PostgreSQL client (protocol v3), as decoded by ``FrontendMessageDecoder``.
///
/// ```swift
/// switch message {
/// case .query(let sql): print("simple query:", sql)
/// case .terminate: break
/// default: break
/// }
/// ```
/// Password-like messages (`p`) carry their raw body: whether it is a cleartext password, an
/// MD5 hash or a SASL exchange depends on what the server asked for.
public enum FrontendMessage: Sendable, Equatable {
    /// The startup packet: protocol version and parameters (`user`, `database`, …).
    case startup(protocolVersion: Int32, parameters: [String: String])
    /// A request to switch to TLS (answered `S` or `N`).
    case sslRequest
    /// A request for GSSAPI encryption (answered `N`).
    case gssEncryptionRequest
    /// Sent on a fresh connection to cancel the running statement of another session.
    case cancelRequest(processID: Int32, secretKey: Int32)
    /// `p`: password, SASLInitialResponse or SASLResponse, undecoded.
    case password(ByteBuffer)
    /// `Q`: one or several statements.
    case query(String)
    /// `P`: prepare `query` as `name` (`""` = unnamed) with the given parameter type OIDs (0 = unspecified).
    case parse(name: String, query: String, parameterTypes: [Int32])
    /// `B`: bind a statement's parameters into a portal.
    case bind(Bind)
    /// `D`: describe a statement (`S`) or a portal (`P`).
    case describe(kind: UInt8, name: String)
    /// `E`: run a portal, returning at most `maxRows` rows (0 = all).
    case execute(portal: String, maxRows: Int32)
    /// `C`: close a statement (`S`) or a portal (`P`).
    case close(kind: UInt8, name: String)
    /// `S`
    case sync
    /// `H`
    case flush
    /// `X`
    case terminate
    /// `d`: a piece of COPY data.
    case copyData(ByteBuffer)
    /// `c`
    case copyDone
    /// `f`: the client aborts the COPY, saying why.
    case copyFail(String)

    /// The body of a Bind message.
    public struct Bind: Sendable, Equatable {
        public var portal: String
        public var statement: String
        /// Zero (all text), one (applies to all) or one per parameter; 0 = text, 1 = binary.
        public var parameterFormats: [Int16]
        /// Parameter values; nil is SQL NULL.
        public var parameters: [ByteBuffer?]
        /// Zero (all text), one (applies to all) or one per result column.
        public var resultFormats: [Int16]

        public init(portal: String, statement: String, parameterFormats: [Int16], parameters: [ByteBuffer?], resultFormats: [Int16]) {
            self.portal = portal
            self.statement = statement
            self.parameterFormats = parameterFormats
            self.parameters = parameters
            self.resultFormats = resultFormats
        }
    }
}

extension FrontendMessage {
    var name: String {
        switch self {
        case .startup: "StartupMessage"
        case .sslRequest: "SSLRequest"
        case .gssEncryptionRequest: "GSSENCRequest"
        case .cancelRequest: "CancelRequest"
        case .password: "PasswordMessage"
        case .query: "Query"
        case .parse: "Parse"
        case .bind: "Bind"
        case .describe: "Describe"
        case .execute: "Execute"
        case .close: "Close"
        case .sync: "Sync"
        case .flush: "Flush"
        case .terminate: "Terminate"
        case .copyData: "CopyData"
        case .copyDone: "CopyDone"
        case .copyFail: "CopyFail"
        }
    }
}
