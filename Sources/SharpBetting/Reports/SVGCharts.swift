import Foundation

/// The report's inline SVG charts: differential vs outcome (scatter) and cumulative profit
/// (line). Plain SVG 1.1, no scripts, no external references.
enum SVGCharts {
    static let width = 640.0, height = 280.0
    static let left = 56.0, right = 16.0, top = 16.0, bottom = 40.0

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Maps `value` in `domain` onto the pixel span `from`→`to` (which may run downward).
    static func scale(_ value: Double, _ domain: ClosedRange<Double>, _ pixels: (from: Double, to: Double)) -> Double {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0 else { return (pixels.from + pixels.to) / 2 }
        return pixels.from + (value - domain.lowerBound) / span * (pixels.to - pixels.from)
    }

    static func frame(id: String, title: String, xLabel: String, yLabel: String, body: [String]) -> String {
        let plotBottom = height - bottom
        return ([
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
                + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">",
            "<title>\(HTMLText.escape(title))</title>",
            "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>",
            "<line x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(plotBottom))\" stroke=\"#444\"/>",
            "<line x1=\"\(number(left))\" y1=\"\(number(plotBottom))\" x2=\"\(number(width - right))\" y2=\"\(number(plotBottom))\" stroke=\"#444\"/>",
            "<text x=\"\(number((left + width - right) / 2))\" y=\"\(number(height - 8))\" text-anchor=\"middle\" font-size=\"12\">\(HTMLText.escape(xLabel))</text>",
            "<text x=\"14\" y=\"\(number((top + plotBottom) / 2))\" text-anchor=\"middle\" font-size=\"12\" "
                + "transform=\"rotate(-90 14 \(number((top + plotBottom) / 2)))\">\(HTMLText.escape(yLabel))</text>",
        ] + body + ["</svg>"]).joined(separator: "\n")
    }

    /// Each settled signal: x = its strength (|d| scale), y = its flat-unit result.
    static func differentialScatter(_ signals: [GradedSignal]) -> String {
        let settled = signals.filter { $0.result != .pending && $0.result != .ungradable }
        let xMax = max(50, settled.map(\.signal.strength).max() ?? 0)
        let yMax = max(1, settled.map(\.units).max() ?? 0)
        let xs = (from: left, to: width - right), ys = (from: height - bottom, to: top)
        var body: [String] = []
        let zero = scale(0, -1...yMax, ys)
        body.append("<line x1=\"\(number(left))\" y1=\"\(number(zero))\" x2=\"\(number(width - right))\" y2=\"\(number(zero))\" "
            + "stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>")
        for tick in stride(from: 0.0, through: xMax, by: 10) {
            body.append("<text x=\"\(number(scale(tick, 0...xMax, xs)))\" y=\"\(number(height - bottom + 14))\" "
                + "text-anchor=\"middle\" font-size=\"10\">\(Int(tick))</text>")
        }
        for tick in [-1.0, 0, yMax] {
            body.append("<text x=\"\(number(left - 4))\" y=\"\(number(scale(tick, -1...yMax, ys) + 3))\" text-anchor=\"end\" "
                + "font-size=\"10\">\(HTMLText.escape(ReportText.units(tick)))</text>")
        }
        if settled.isEmpty {
            body.append("<text x=\"\(number(width / 2))\" y=\"\(number(height / 2))\" text-anchor=\"middle\" font-size=\"13\">"
                + "no settled signals yet</text>")
        }
        for graded in settled {
            let colour = graded.result == .win ? "#1a7f37" : graded.result == .loss ? "#cf222e" : "#6e7781"
            body.append("<circle class=\"point \(graded.result.rawValue)\" cx=\"\(number(scale(graded.signal.strength, 0...xMax, xs)))\" "
                + "cy=\"\(number(scale(graded.units, -1...yMax, ys)))\" r=\"5\" fill=\"\(colour)\">"
                + "<title>\(HTMLText.escape("\(graded.signal.game.matchup) \(graded.signal.pick): \(graded.result.rawValue)"))</title></circle>")
        }
        return frame(id: "differential-vs-outcome", title: "Signal strength (|d|) vs result in units",
                     xLabel: "strength |d| (points)", yLabel: "result (units)", body: body)
    }

    /// Cumulative flat-unit result after each settled signal, by first pitch.
    static func cumulativeProfit(_ signals: [GradedSignal]) -> String {
        let settled = signals.filter { $0.result != .pending && $0.result != .ungradable }
        var running = 0.0
        let totals = [0.0] + settled.map { running += $0.units; return running }
        let yMin = min(-1, totals.min() ?? 0), yMax = max(1, totals.max() ?? 0)
        let xs = (from: left, to: width - right), ys = (from: height - bottom, to: top)
        let xDomain = 0...Double(max(1, totals.count - 1))
        let points = totals.enumerated().map { index, total in
            "\(number(scale(Double(index), xDomain, xs))),\(number(scale(total, yMin...yMax, ys)))"
        }
        var body = [
            "<line x1=\"\(number(left))\" y1=\"\(number(scale(0, yMin...yMax, ys)))\" x2=\"\(number(width - right))\" "
                + "y2=\"\(number(scale(0, yMin...yMax, ys)))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>",
            "<polyline class=\"profit\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>",
        ]
        for tick in [yMin, 0, yMax] {
            body.append("<text x=\"\(number(left - 4))\" y=\"\(number(scale(tick, yMin...yMax, ys) + 3))\" text-anchor=\"end\" "
                + "font-size=\"10\">\(HTMLText.escape(ReportText.units(tick)))</text>")
        }
        return frame(id: "cumulative-profit", title: "Cumulative result (one unit per bet)",
                     xLabel: "settled bets, by first pitch", yLabel: "result (units)", body: body)
    }
}
