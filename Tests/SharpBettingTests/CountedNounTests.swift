import SharpBetting
import Testing

/// Messages count things in the right number: "1 signal", "0 signals", "2 batches".
@Suite struct CountedNounTests {
    @Test(arguments: [(0, "0 signals"), (1, "1 signal"), (2, "2 signals"), (-1, "-1 signals")])
    func singularOnlyForOne(count: Int, expected: String) {
        #expect(counted(count, "signal") == expected)
    }

    @Test func anIrregularPluralIsUsedAsGiven() {
        #expect(counted(1, "batch", "batches") == "1 batch")
        #expect(counted(3, "batch", "batches") == "3 batches")
    }
}
