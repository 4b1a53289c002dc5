/// A client broke the wire protocol; the session answers SQLSTATE 08P01 and closes (only that
/// session: the server and other clients carry on).
///
/// ```swift
/// catch let violation as ProtocolViolation { print(violation) } // "message of 2147483647 bytes exceeds …"
/// ```
public enum ProtocolViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// The length prefix announces more than the configured maximum.
    case messageTooLarge(length: Int, limit: Int)
    /// The length prefix is smaller than the length field itself.
    case invalidLength(Int)
    /// A message type byte the server does not know.
    case unknownMessageType(UInt8)
    /// A startup packet with an unsupported protocol version or request code.
    case unsupportedProtocol(Int32)
    /// A message whose body does not match its type (missing terminator, short field, …).
    case malformed(String)
    /// Bytes that followed an SSLRequest (or GSSENCRequest) before the server answered it and
    /// the handshake ran: unencrypted, possibly injected (CVE-2021-23214's class).
    case unencryptedDataAfterEncryptionRequest

    public var description: String {
        switch self {
        case .messageTooLarge(let length, let limit):
            "message of \(length) bytes exceeds the server's maximum of \(limit) bytes"
        case .invalidLength(let length): "invalid message length \(length)"
        case .unknownMessageType(let type):
            (32..<127).contains(type)
                ? "unknown message type '\(Character(Unicode.Scalar(type)))'"
                : "unknown message type 0x\(String(type, radix: 16))"
        case .unsupportedProtocol(let code):
            "unsupported frontend protocol \(code >> 16).\(code & 0xFFFF): server supports 3.0"
        case .malformed(let what): "malformed message: \(what)"
        case .unencryptedDataAfterEncryptionRequest: "received unencrypted data after SSL request"
        }
    }
}
