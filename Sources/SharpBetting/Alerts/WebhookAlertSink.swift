import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs each alert as JSON to a webhook: `{"text": "<one line>", "alert": {…}}`. `text` is
/// what Slack incoming webhooks (and Mattermost, Discord's Slack-compatible endpoint) show.
///
/// A non-2xx answer, a timeout, or no connection throws ``AlertDeliveryError``.
///
/// ```swift
/// let slack = WebhookAlertSink(url: URL(string: "https://hooks.slack.com/services/T/B/X")!, timeout: 5)
/// try await slack.deliver(Alert(signal))
/// ```
public struct WebhookAlertSink: AlertSink {
    /// The endpoint.
    public let url: URL
    /// Longest wait for an answer (seconds).
    public let timeout: TimeInterval

    /// A sink posting to `url`, waiting at most `timeout` seconds.
    public init(url: URL, timeout: TimeInterval = 10) {
        self.url = url
        self.timeout = timeout
    }

    public var name: String { "webhook:\(url.host ?? url.absoluteString)" }

    /// The body posted for `alert`.
    public static func body(for alert: Alert) throws -> Data {
        struct Body: Encodable {
            let text: String
            let alert: Alert
        }
        return try SharpJSON.encoder().encode(Body(text: alert.text, alert: alert))
    }

    public func deliver(_ alert: Alert) async throws {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try Self.body(for: alert)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let response: URLResponse
        do {
            (_, response) = try await session.data(for: request)
        } catch {
            throw AlertDeliveryError(sink: name, message: "POST \(url.absoluteString) failed: \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw AlertDeliveryError(sink: name, message: "no HTTP response from \(url.absoluteString)")
        }
        guard (200..<300).contains(http.statusCode) else {
            throw AlertDeliveryError(sink: name, message: "POST \(url.absoluteString) answered HTTP \(http.statusCode)")
        }
    }
}
