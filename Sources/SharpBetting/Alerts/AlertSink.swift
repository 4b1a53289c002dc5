/// Somewhere alerts go: the console, a JSON-lines file, a webhook.
///
/// ```swift
/// struct Pager: AlertSink {
///     var name: String { "pager" }
///     func deliver(_ alert: Alert) async throws { try await page(alert.text) }
/// }
/// let sinks: [any AlertSink] = [ConsoleAlertSink(), try JSONLinesAlertSink(path: "alerts.jsonl"), Pager()]
/// ```
public protocol AlertSink: Sendable {
    /// A short name for reports (`console`, `jsonl:/path`, `webhook:host`).
    var name: String { get }
    /// Delivers one alert; throws when it could not.
    func deliver(_ alert: Alert) async throws
}
