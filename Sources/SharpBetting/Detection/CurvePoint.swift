/// One knot of a piecewise-linear curve: at `x`, the curve is `y`.
///
/// ```swift
/// let knot = CurvePoint(x: 20, y: 70)
/// ```
public struct CurvePoint: Sendable, Hashable, Codable {
    /// The input value.
    public var x: Double
    /// The output at `x`.
    public var y: Double

    /// Creates a knot.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
