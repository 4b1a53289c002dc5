import Foundation
import SharpBetting
import Testing

@Suite struct ConfidenceModelTests {
    let model = ConfidenceModel(config: DetectionConfig())

    @Test(arguments: [
        (10.0, 40.0), (15.0, 55.0), (20.0, 70.0), (30.0, 85.0), (50.0, 100.0),   // the knots
        (12.5, 47.5), (25.0, 77.5), (40.0, 92.5),                                 // halfway between
        (5.0, 20.0), (0.0, 0.0), (60.0, 100.0), (-3.0, 0.0),                       // below and beyond
    ])
    func signalPartIsPiecewiseLinear(strength: Double, expected: Double) {
        #expect(abs(model.signalPart(strength: strength) - expected) < 1e-9)
    }

    @Test(arguments: [
        (100.0, ConfidenceLabel.veryHigh), (90.0, .veryHigh), (89.99, .high), (75.0, .high), (74.99, .moderate),
        (60.0, .moderate), (59.99, .low), (45.0, .low), (44.99, .veryLow), (0.0, .veryLow),
    ])
    func labels(score: Double, label: ConfidenceLabel) {
        #expect(ConfidenceLabel(score: score) == label)
    }

    @Test func weightedScoreByHand() {
        // 0.40·77.5 + 0.30·85 + 0.20·50 + 0.05·100 + 0.05·100 = 31 + 25.5 + 10 + 5 + 5 = 76.5
        let score = model.score(strength: 25, reliability: 85, record: 50, freshness: 100, timing: 100)
        #expect(abs(score.value - 76.5) < 1e-9)
        #expect(score.label == .high)
        #expect(score.signal == 77.5)
        // 0.40·40 + 0.30·60 + 0.20·50 + 0 + 0 = 16 + 18 + 10 = 44 → very low
        let weak = model.score(strength: 10, reliability: 60, record: 50, freshness: 0, timing: 0)
        #expect(abs(weak.value - 44) < 1e-9)
        #expect(weak.label == .veryLow)
    }

    @Test func freshnessTimingReliabilityRecord() {
        let t = Date(timeIntervalSince1970: 1_750_000_000)
        #expect(model.freshness(snapshotAt: t, reference: t.addingTimeInterval(5 * 60)) == 100)
        #expect(abs(model.freshness(snapshotAt: t, reference: t.addingTimeInterval(32.5 * 60)) - 50) < 1e-9)
        #expect(model.freshness(snapshotAt: t, reference: t.addingTimeInterval(60 * 60)) == 0)
        #expect(model.timing(snapshotAt: t, firstPitch: t.addingTimeInterval(30 * 60)) == 100)
        #expect(abs(model.timing(snapshotAt: t, firstPitch: t.addingTimeInterval(195 * 60)) - 50) < 1e-9)
        #expect(model.timing(snapshotAt: t, firstPitch: nil) == 50)
        #expect(model.reliability(of: [SplitOrigin(source: "sbd"), SplitOrigin(source: "vsin", book: "circa")]) == 85)
        #expect(model.reliability(of: [SplitOrigin(source: "vsin", book: "westgate")]) == 75)
        #expect(model.reliability(of: [SplitOrigin(source: "action")]) == 60)
        var config = DetectionConfig()
        config.strategyRecord[.steam] = 64
        #expect(ConfidenceModel(config: config).record(of: [.differential, .steam]) == 64)
        #expect(model.record(of: [.differential]) == 50)
    }
}
