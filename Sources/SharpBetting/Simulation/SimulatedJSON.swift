import Foundation

/// JSON bytes with sorted keys, so simulated payloads are identical on every run.
enum SimulatedJSON {
    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// Rounds to hundredths, as SBD publishes percentages.
    static func hundredths(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
