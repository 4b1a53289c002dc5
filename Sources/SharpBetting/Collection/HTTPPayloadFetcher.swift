import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches payloads from the live sites: a per-request timeout, retries with exponential
/// backoff, requests to one host spaced by a polite interval, and a browser-like User-Agent.
///
/// ```swift
/// let fetcher = HTTPPayloadFetcher()
/// let capture = CaptureContext(slateDate: SlateDate("2025-06-17")!, capturedAt: Date())
/// let html = try await fetcher.fetch(.vsin(.circa), for: capture)
/// ```
public struct HTTPPayloadFetcher: PayloadFetcher {
    /// Sent as `User-Agent`: the sites serve browsers.
    public static let browserUserAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"

    /// Seconds before one try gives up.
    public let timeout: Double
    /// Retries and backoff.
    public let retry: RetryPolicy
    /// The rate limit shared by every request of this fetcher.
    public let spacer: RequestSpacer
    private let session: URLSession

    /// A fetcher with a `timeout` per try (seconds), `retry`, and at least `politeInterval`
    /// seconds between requests to one host.
    public init(timeout: Double = 15, retry: RetryPolicy = RetryPolicy(), politeInterval: Double = 1.0) {
        self.timeout = timeout
        self.retry = retry
        self.spacer = RequestSpacer(interval: politeInterval)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        session = URLSession(configuration: configuration)
    }

    public func fetch(_ file: RecordedFile, for capture: CaptureContext) async throws -> Data {
        let url = FeedEndpoints.url(for: file, slateDate: capture.slateDate)
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue(Self.browserUserAgent, forHTTPHeaderField: "User-Agent")
        let isPage = if case .vsin = file { true } else { false }
        request.setValue(isPage ? "text/html" : "application/json", forHTTPHeaderField: "Accept")
        var attempt = 0
        while true {
            attempt += 1
            try await spacer.waitTurn(host: url.host ?? "")
            let failure: HTTPFetchError
            do {
                let (data, response) = try await session.data(for: request)
                let code = (response as? HTTPURLResponse)?.statusCode ?? 200
                if (200...299).contains(code) { return data }
                let status = HTTPFetchError.status(url: url.absoluteString, code: code, attempts: attempt)
                guard RetryPolicy.isRetryable(status: code) else { throw status }
                failure = status
            } catch let error as HTTPFetchError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failure = .transport(url: url.absoluteString, message: error.localizedDescription, attempts: attempt)
            }
            guard attempt < retry.attempts else { throw failure }
            try await Task.sleep(for: .milliseconds(Int64(retry.delay(afterAttempt: attempt) * 1000)))
        }
    }
}
