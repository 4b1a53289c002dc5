import Foundation
import SharpBetting
import Testing

/// The wall clock moved to start at a recorded day's instant (`pregame schedule --replay --now
/// … --real-time`): its time is that day's, and it advances with the wall clock.
@Suite struct SystemWorkflowClockTests {
    @Test func aMovedClockReadsTheStartThenAdvancesWithTheWallClock() async throws {
        let start = Date(timeIntervalSince1970: 1_750_176_000)   // 2025-06-17T16:00:00Z
        let wallBefore = Date()
        let clock = SystemWorkflowClock(startingAt: start)
        let first = clock.now()
        let wallAfter = Date()
        // now() − start is the wall time since the clock was made: never negative, never more
        // than what passed around the two readings.
        #expect(first >= start)
        #expect(first.timeIntervalSince(start) <= wallAfter.timeIntervalSince(wallBefore))
        #expect(abs(clock.offset - start.timeIntervalSince(wallBefore)) <= wallAfter.timeIntervalSince(wallBefore))
        // Deadlines are read on the moved clock, not the wall clock. In a task already
        // cancelled, a sleep that has to wait throws and one whose deadline has passed returns.
        let wallNow = Date()
        #expect(await returnsWithoutWaiting(clock, until: start))
        #expect(!(await returnsWithoutWaiting(clock, until: wallNow)))   // 1.5 years ahead of the replayed day
        let ahead = SystemWorkflowClock(startingAt: wallNow.addingTimeInterval(86_400 * 365))
        #expect(await returnsWithoutWaiting(ahead, until: wallNow.addingTimeInterval(86_400)))
        #expect(SystemWorkflowClock().offset == 0)
        #expect(SystemWorkflowClock().now() >= wallAfter)
    }

    private func returnsWithoutWaiting(_ clock: SystemWorkflowClock, until deadline: Date) async -> Bool {
        await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            do { try await clock.sleep(until: deadline); return true } catch { return false }
        }.value
    }
}
