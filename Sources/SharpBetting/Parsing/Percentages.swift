/// The checks every split's percentages pass before a split is made.
enum Percentages {
    /// `value` when it lies in 0…100, else an out-of-range error naming `field`.
    static func checkRange(_ value: Double, field: String) throws(FieldError) -> Double {
        guard value.isFinite, (0...100).contains(value) else {
            throw FieldError(field: field, kind: .percentageOutOfRange,
                             message: "\(format(value))% is outside 0…100")
        }
        return value
    }

    /// Checks that two sides of one measure add up to 100 within `tolerance` points.
    static func checkSum(
        _ first: Double, _ second: Double, tolerance: Double, field: String
    ) throws(FieldError) {
        let sum = first + second
        guard abs(sum - 100) <= tolerance else {
            throw FieldError(
                field: field, kind: .sidesDoNotSum,
                message: "sides add up to \(format(sum))%, not 100 ± \(format(tolerance))")
        }
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
