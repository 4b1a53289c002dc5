import Foundation

/// The formats a ``DailyReport`` renders to.
///
/// ```swift
/// let page = ReportFormat.html.render(report)       // self-contained page with SVG charts
/// let json = ReportFormat(rawValue: "json")!.render(report)
/// ReportFormat.markdown.fileExtension               // "md"
/// ```
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    /// Aligned plain text for a terminal.
    case text
    /// Pretty JSON of the whole report.
    case json
    /// A Markdown summary and table.
    case markdown
    /// A self-contained HTML page with inline SVG charts (no network).
    case html

    /// The file extension for the format.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .json: "json"
        case .markdown: "md"
        case .html: "html"
        }
    }

    /// `report` in this format.
    public func render(_ report: DailyReport) -> String {
        switch self {
        case .text: TextReportRenderer.render(report)
        case .json:
            (try? SharpJSON.encoder(pretty: true).encode(report)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? "{}\n"
        case .markdown: MarkdownReportRenderer.render(report)
        case .html: HTMLReportRenderer.render(report)
        }
    }
}
