import Foundation

/// Why a live request failed, naming the URL.
///
/// ```swift
/// // https://data.vsin.com/betting-splits/?bookid=dk&view=mlb: HTTP 503 after 3 attempts
/// ```
public enum HTTPFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with a status that is not 2xx.
    case status(url: String, code: Int, attempts: Int)
    /// The request did not complete (DNS, connection, timeout…).
    case transport(url: String, message: String, attempts: Int)

    public var description: String {
        switch self {
        case let .status(url, code, attempts):
            "\(url): HTTP \(code) after " + counted(attempts, "attempt")
        case let .transport(url, message, attempts):
            "\(url): \(message) after " + counted(attempts, "attempt")
        }
    }
}
