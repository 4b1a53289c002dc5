import DuckCoordinator
import Foundation

/// Sends the signals that are due (per the ``AlertLedger``) and confident enough to every
/// sink, then records them. A sink that fails is reported; the others still deliver, and a
/// signal counts as alerted when at least one sink took it.
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
        /// Signals not alerted: already alerted and not stronger, below the minimum confidence,
        /// or refused by every sink.
        public var skipped: [SharpSignal]
        /// Each failed delivery.
        public var failures: [AlertDeliveryError]
        /// The signals of ``sent``.
        public var delivered: [SharpSignal]
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

    /// Alerts what is due among `signals`, at `time`, and records the sent ones in the ledger.
    public func dispatch(_ signals: [SharpSignal], at time: Date = Date()) async throws -> Report {
        let report = try await deliver(signals)
        try await ledger.record(report.sent, at: time)
        return report
    }

    /// Alerts what is due among `signals` **without** recording them: the caller records
    /// ``Report/sent`` with ``AlertLedger/record(_:at:in:)`` inside its own transaction
    /// (the pre-game workflow commits a run's signals, alerts and stage records together).
    /// Until recorded, a later call sends the same alerts again.
    public func deliver(_ signals: [SharpSignal]) async throws -> Report {
        let confident = signals.filter { $0.confidence.value >= minimumConfidence }
        let due = try await ledger.due(confident)
        var sent: [Alert] = []
        var delivered: [SharpSignal] = []
        var failures: [AlertDeliveryError] = []
        for signal in due {
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
            }
        }
        let deliveredIds = Set(delivered.map(\.id))
        return Report(sent: sent, skipped: signals.filter { !deliveredIds.contains($0.id) }, failures: failures,
                      delivered: delivered)
    }
}
