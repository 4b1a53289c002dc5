/// A curve through knots, straight between them, flat beyond the last knot, and straight from
/// `(0, 0)` to the first knot.
///
/// ```swift
/// let curve = PiecewiseLinearCurve.signalStrength   // (10,40) (15,55) (20,70) (30,85) (50,100)
/// curve.value(at: 25)   // 77.5
/// curve.value(at: 60)   // 100
/// ```
public struct PiecewiseLinearCurve: Sendable, Hashable, Codable {
    /// The knots, by increasing `x`.
    public var points: [CurvePoint]

    /// A curve through `points` (sorted by `x` here).
    public init(_ points: [CurvePoint]) {
        self.points = points.sorted { $0.x < $1.x }
    }

    /// DOMAIN.md's signal part of confidence: (10, 40), (15, 55), (20, 70), (30, 85), (50, 100).
    public static let signalStrength = PiecewiseLinearCurve([
        CurvePoint(x: 10, y: 40), CurvePoint(x: 15, y: 55), CurvePoint(x: 20, y: 70),
        CurvePoint(x: 30, y: 85), CurvePoint(x: 50, y: 100),
    ])

    /// The curve's value at `x` (negative `x` counts as 0).
    public func value(at x: Double) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        let x = max(0, x)
        if x >= last.x { return last.y }
        var previous = CurvePoint(x: 0, y: 0)
        if x <= first.x {
            return first.x == 0 ? first.y : first.y * x / first.x
        }
        for point in points {
            if x <= point.x {
                let span = point.x - previous.x
                return span == 0 ? point.y : previous.y + (point.y - previous.y) * (x - previous.x) / span
            }
            previous = point
        }
        return last.y
    }
}
