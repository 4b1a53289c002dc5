import CoreMetrics
import Logging
import NIOCore
import Synchronization

/// The server's live sessions: counts them against max connections, finds one by its
/// BackendKeyData for a CancelRequest.
///
/// ```swift
/// guard let key = registry.admit(activity) else { /* 53300 */ }
/// defer { registry.remove(key.processID) }
/// ```
final class SessionRegistry: Sendable {
    struct Key: Sendable { let processID: Int32; let secretKey: Int32 }

    private struct Entry: Sendable {
        let secretKey: Int32
        let activity: SessionActivity
    }

    private struct State {
        var sessions: [Int32: Entry] = [:]
        var nextID: Int32 = 1
    }

    private let state = Mutex(State())
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Registers a session; nil when `limit` sessions are already open.
    func admit(_ activity: SessionActivity) -> Key? {
        let (key, open): (Key?, Int) = state.withLock { state in
            guard state.sessions.count < limit else { return (nil, state.sessions.count) }
            let id = state.nextID
            state.nextID = id == Int32.max ? 1 : id + 1
            let key = Key(processID: id, secretKey: Int32.random(in: 1...Int32.max))
            state.sessions[id] = Entry(secretKey: key.secretKey, activity: activity)
            return (key, state.sessions.count)
        }
        sessionsGauge.record(open)
        if let key {
            serverLog.debug("session opened", metadata: ["operation": "session", "pid": "\(key.processID)", "sessions": "\(open)"])
        } else {
            serverLog.warning("session refused: too many connections", metadata: [
                "operation": "session", "sessions": "\(open)", "error_kind": "too_many_connections"])
        }
        return key
    }

    func remove(_ processID: Int32) {
        let open: Int = state.withLock { state in
            state.sessions.removeValue(forKey: processID)
            return state.sessions.count
        }
        sessionsGauge.record(open)
        serverLog.debug("session closed", metadata: ["operation": "session", "pid": "\(processID)", "sessions": "\(open)"])
    }

    /// `sharp_server_sessions`: sessions open now.
    private let sessionsGauge = Gauge(label: "sharp_server_sessions")

    var count: Int { state.withLock { $0.sessions.count } }

    /// Sessions running a statement now.
    var busyCount: Int {
        let entries = state.withLock { Array($0.sessions.values) }
        return entries.filter { $0.activity.isBusy }.count
    }

    /// Interrupts the statement of the session with this key (a wrong secret does nothing).
    func cancel(processID: Int32, secretKey: Int32) {
        let entry = state.withLock { $0.sessions[processID] }
        guard let entry, entry.secretKey == secretKey else { return }
        entry.activity.cancel()
    }
}
