import DuckCoordinator
import Foundation

/// Sends the signals that are due (per the ``AlertLedger``) and confident enough to every
/// sink. A sink that fails is reported; the others still deliver, and a signal counts as
/// alerted when at least one sink took it.
///
/// Exactly once across processes: each due signal is first claimed in the ledger
/// (``AlertLedger/claim(_:at:)``), and only what this process claimed goes out, so two
/// monitors (or two schedulers) on one database alert a pick once; a claimed alert that no sink
/// took is given back. When the claim itself fails (the database is down), the due signals go
/// out anyway — a T−5 alert is never held back by the database — and ``Report/claimed`` is
/// false: the caller records them in the ledger later (at least once, never silently lost).
///
/// ```swift
/// let dispatcher = AlertDispatcher(ledger: AlertLedger(db, channel: .monitor),
///                                  sinks: [ConsoleAlertSink(), try JSONLinesAlertSink(path: "data/alerts.jsonl")],
///                                  minimumConfidence: 60, sizing: StakeSizing(bankroll: 1000))
/// let report = try await dispatcher.dispatch(result.signals)
/// print(report.sent.count, "alerts;", report.failures.count, "failures")
/// ```
public struct AlertDispatcher<Database: DatabaseCoordinating>: Sendable {
    /// What one dispatch did.
    public struct Report: Sendable {
        /// Alerts delivered by at least one sink.
        public var sent: [Alert]
        /// Signals not alerted: already alerted and not stronger (here or by another process),
        /// below the minimum confidence, or refused by every sink.
        public var skipped: [SharpSignal]
        /// Each failed delivery.
        public var failures: [AlertDeliveryError]
        /// The signals of ``sent``.
        public var delivered: [SharpSignal]
        /// Whether the ledger already holds ``sent`` (claimed before delivery); false when the
        /// claim failed and the caller must record them (``AlertLedger/record(_:at:claimed:)``).
        public var claimed: Bool
    }

    /// The ledger.
    public let ledger: AlertLedger<Database>
    /// Where alerts go.
    public let sinks: [any AlertSink]
    /// Signals below this confidence are not alerted.
    public let minimumConfidence: Double
    /// Stakes a bet's alert shows, from a bankroll (nil: no stakes).
    public let sizing: StakeSizing?

    /// A dispatcher.
    public init(ledger: AlertLedger<Database>, sinks: [any AlertSink], minimumConfidence: Double = 0,
                sizing: StakeSizing? = nil) {
        self.ledger = ledger
        self.sinks = sinks
        self.minimumConfidence = minimumConfidence
        self.sizing = sizing
    }

    /// Alerts what is due among `signals`, at `time`; when it returns, the ledger and the alert
    /// log hold every alert sent.
    public func dispatch(_ signals: [SharpSignal], at time: Date = Date()) async throws -> Report {
        let report = try await deliver(signals, at: time)
        try await ledger.record(report.sent, at: time, claimed: report.claimed)
        return report
    }

    /// Claims and alerts what is due among `signals` at `time`, **without** writing the alert
    /// log: the caller records ``Report/sent`` with ``AlertLedger/record(_:at:claimed:in:)`` (the
    /// pre-game workflow commits a run's signals, alert log and stage records together). What
    /// could not be claimed because the database failed is still sent (``Report/claimed`` false).
    public func deliver(_ signals: [SharpSignal], at time: Date = Date()) async throws -> Report {
        let confident = signals.filter { $0.confidence.value >= minimumConfidence }
        let due = try await ledger.due(confident)
        var claimed = due
        var previous: [AlertKey: AlertLedger<Database>.Entry] = [:]
        var recorded = true
        if !due.isEmpty {
            do {
                previous = try await ledger.entries(due)
                claimed = try await ledger.claim(due, at: time)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                recorded = false  // The database failed: send anyway, record later.
            }
        }
        var sent: [Alert] = []
        var delivered: [SharpSignal] = []
        var failures: [AlertDeliveryError] = []
        for signal in claimed {
            let alert = Alert(signal, sizing: sizing)
            var anyDelivered = false
            for sink in sinks {
                do {
                    try await sink.deliver(alert)
                    anyDelivered = true
                } catch let error as AlertDeliveryError {
                    failures.append(error)
                } catch {
                    failures.append(AlertDeliveryError(sink: sink.name, message: String(describing: error)))
                }
            }
            if anyDelivered {
                sent.append(alert)
                delivered.append(signal)
            } else if recorded {
                try await ledger.release(signal, previous: previous[AlertKey(signal)])
            }
        }
        let deliveredIds = Set(delivered.map(\.id))
        return Report(sent: sent, skipped: signals.filter { !deliveredIds.contains($0.id) }, failures: failures,
                      delivered: delivered, claimed: recorded)
    }
}
