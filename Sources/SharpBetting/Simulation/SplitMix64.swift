/// A small, fast, seeded generator (Steele, Lea & Flood's SplitMix64): the same seed gives the
/// same numbers on every machine and every run, so simulated payloads are reproducible byte
/// for byte. Not for cryptography.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// rng.next()                 // always the same first number for seed 42
/// rng.unit()                 // a Double in [0, 1)
/// rng.int(in: 1...6)         // a die roll
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The current state; advances by a fixed odd constant per number.
    public private(set) var state: UInt64

    /// A generator starting at `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator for one part of a simulation: `seed` mixed with `parts`, so each game or
    /// capture draws its own stream and can be generated on its own.
    public init(seed: UInt64, _ parts: UInt64...) {
        var mixer = SplitMix64(seed: seed)
        var value = mixer.next()
        for part in parts {
            mixer = SplitMix64(seed: value ^ (part &* 0x9E37_79B9_7F4A_7C15))
            value = mixer.next()
        }
        state = value
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A Double in [0, 1) from the top 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// An integer in `range`, by our own rule (not the standard library's, which may change).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % span)
    }

    /// A Double in `range`.
    public mutating func double(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }
}
