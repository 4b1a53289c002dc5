import DuckCoordinator
import DuckDBKit
import Foundation

/// The pre-game workflow for one game, some games or the whole slate at one capture time:
/// **collect** (every feed concurrently) → **detect** (over the pre-game window) → **alert**
/// (at T−5, or when asked) → **store**: the run's signals (`sharp_signals`, `pre_game_signals`),
/// its alerts (the ledger and the alerted flags) and its stage records (`pre_game_data`) in
/// **one** transaction, one commit. Alerts go out before that commit so a slow or failing
/// database never holds back a T−5 alert; if the commit fails, the run reports store as failed
/// and a later run may send the same alerts again (at least once, never silently lost).
///
/// Each stage is timed and raced against its timeout (``StageDeadline``: a stage that runs too
/// long is cancelled, and the coordinator drops its queued writes and interrupts its reads), and
/// the whole run against ``runDeadline`` (four minutes by default, inside the five between T−5 and
/// first pitch): a stage gets at most the time left before it, and a stage that would start after
/// it is reported timed out without running. Only the run record is written after the deadline.
/// A stage that fails or times out is reported with its error and the stages after it are
/// skipped. The run's status is computed after every stage has finished, and the stage
/// reports are written to `pre_game_data`. Postponed and final games are skipped. Runs are
/// idempotent: the run id comes from the request, so running the same request again updates
/// rows instead of adding them, and the ``AlertLedger`` never sends the same alert twice.
///
/// ```swift
/// let db = try DatabaseCoordinator(path: "data/mlb_betting.duckdb", config: .preGameWorkflow)
/// try await SchemaMigrator().migrate(db)
/// let workflow = PreGameWorkflowService(db: db, sinks: [ConsoleAlertSink()])
/// let request = PreGameRunRequest(slateDate: SlateDate("2025-06-17")!, capturedAt: Date(), alert: true)
/// let result = try await workflow.run(request, using: HTTPPayloadFetcher())
/// print(result.status, result.signals.count, "signals")
/// ```
public struct PreGameWorkflowService<Database: DatabaseCoordinating>: Sendable {
    /// The coordinator (the `.preGameWorkflow` preset is meant for it).
    public let db: Database
    /// The collector of the collect stage.
    public let collector: DataCollectorService
    /// Detection thresholds; ``DetectionConfig/preGame`` by default (snapshots ≤ 45 min before first pitch).
    public let detection: DetectionConfig
    /// The alert dispatcher of the alert stage.
    public let dispatcher: AlertDispatcher<Database>
    /// The timeout of a stage not named in ``stageTimeouts``.
    public let stageTimeout: Duration
    /// Per-stage timeouts.
    public let stageTimeouts: [WorkflowStage: Duration]
    /// How long a whole run may take, from its start to the end of its last stage.
    public let runDeadline: Duration

    /// A workflow over `db`.
    ///
    /// - Parameters:
    ///   - sinks: where alerts go.
    ///   - stageTimeout: how long any stage may run (two minutes).
    ///   - runDeadline: how long the whole run may take (four minutes: well inside the five
    ///     between T−5 and first pitch, where four stages at their own timeouts could take eight).
    public init(db: Database, sinks: [any AlertSink] = [ConsoleAlertSink()], feeds: [SourceFeed] = SourceFeed.all,
                detection: DetectionConfig = .preGame, minimumAlertConfidence: Double = 0, sizing: StakeSizing? = nil,
                stageTimeout: Duration = .seconds(120), stageTimeouts: [WorkflowStage: Duration] = [:],
                runDeadline: Duration = .seconds(240)) {
        self.db = db
        self.collector = DataCollectorService(database: db, feeds: feeds)
        self.detection = detection
        self.dispatcher = AlertDispatcher(ledger: AlertLedger(db, channel: .preGame), sinks: sinks,
                                          minimumConfidence: minimumAlertConfidence, sizing: sizing)
        self.stageTimeout = stageTimeout
        self.stageTimeouts = stageTimeouts
        self.runDeadline = runDeadline
    }

    /// The timeout of `stage`.
    public func timeout(for stage: WorkflowStage) -> Duration { stageTimeouts[stage] ?? stageTimeout }

    /// Runs `request`, fetching through `fetcher`.
    ///
    /// - Throws: only when the run record cannot be written to `pre_game_data` after store did
    ///   not commit (or the task is cancelled); stage failures are in the result.
    public func run(_ request: PreGameRunRequest, using fetcher: any PayloadFetcher) async throws -> PreGameRunResult {
        var stages: [StageReport] = []
        let deadline = ContinuousClock.now.advanced(by: runDeadline)
        let capture = CaptureContext(slateDate: request.slateDate, capturedAt: request.capturedAt)

        let (collectReport, collection) = await stage(.collect, deadline) { [collector] in
            let report = try await collector.collect(capture, using: fetcher)
            let failed = report.feeds.filter(\.failed)
            if !report.feeds.isEmpty, failed.count == report.feeds.count {
                throw PreGameWorkflowError.everyFeedFailed(failed.flatMap(\.errors))
            }
            var notes: [String] = []
            if !failed.isEmpty {
                notes.append("failed feeds: " + failed.map { feed in
                    "\(feed.feed.name) (\(([feed.health] + feed.errors.prefix(3)).joined(separator: "; ")))"
                }.joined(separator: "; "))
            }
            notes += report.feeds.compactMap { feed in feed.staleness.map { "\(feed.feed.name): \($0)" } }
            let detail = notes.isEmpty ? nil : notes.joined(separator: "; ")
            return (report, report.totalStored, detail)
        }
        stages.append(collectReport)

        var detection: DetectionResult?
        var playable: [ScheduledGame] = []
        var skippedGames: [ScheduledGame] = []
        var signals: [SharpSignal] = []
        var alerts: [Alert] = []

        if collection != nil {
            let (detectReport, detected) = await stage(.detect, deadline) { [db, detection = self.detection] in
                let games = try await GameStore(database: db).games(on: request.slateDate)
                let asked = request.gameIds.map { ids in games.filter { ids.contains($0.gamePk) } } ?? games
                let result = try await SharpDetector(config: detection).detect(db, gameDate: request.slateDate,
                                                                                asOf: request.capturedAt)
                let playableIds = Set(asked.filter(\.isPlayable).map(\.gamePk))
                let mine = result.signals.filter { $0.game.gameId.map(playableIds.contains) ?? false }
                let skipped = asked.filter { !$0.isPlayable }
                let detail = skipped.isEmpty ? nil
                    : "skipped " + skipped.map { "\($0.matchup) \($0.gamePk) (\($0.status))" }.joined(separator: ", ")
                return ((result, asked, mine), mine.count, detail)
            }
            stages.append(detectReport)
            if case let (result, asked, mine)? = detected {
                detection = result
                playable = asked.filter(\.isPlayable)
                skippedGames = asked.filter { !$0.isPlayable }
                signals = mine
            }
        } else {
            stages.append(.skipped(.detect, at: Date(), reason: "collect did not succeed"))
        }

        let detected = stages.last?.status == .succeeded
        var committed = false
        if detected, playable.isEmpty {
            for later in [WorkflowStage.alert, .store] {
                stages.append(.skipped(later, at: Date(), reason: "no playable game (postponed, final or not on the schedule)"))
            }
        } else if detected {
            let toStore = signals
            var delivered: [SharpSignal] = []
            var alertsClaimed = true
            if !request.alert {
                stages.append(.skipped(.alert, at: Date(), reason: "not an alert run (alerts go out at T-5)"))
            } else {
                let (alertReport, report) = await stage(.alert, deadline) { [dispatcher] in
                    let due = request.alertGameIds.map { ids in toStore.filter { $0.game.gameId.map(ids.contains) ?? false } }
                        ?? toStore
                    let report = try await dispatcher.deliver(due, at: request.capturedAt)
                    let detail = report.failures.isEmpty ? nil
                        : "failed deliveries: " + report.failures.map { String(describing: $0) }.joined(separator: "; ")
                    return (report, report.sent.count, detail)
                }
                stages.append(alertReport)
                alerts = report?.sent ?? []
                delivered = report?.delivered ?? []
                alertsClaimed = report?.claimed ?? true
            }
            let earlier = stages
            let (alertedSignals, sentAlerts, claimed) = (delivered, alerts, alertsClaimed)
            let (storeReport, wrote) = await stage(.store, deadline) { [db, playable, ledger = dispatcher.ledger] in
                let startedAt = Date()
                var job = StoreJob()
                let written = job.add(try SignalStore<Database>.upsert(toStore))
                job.add(Self.signalRecords(toStore, alerted: Set(alertedSignals.map(\.id)), of: request))
                // The alert log, and the ledger rows of alerts whose claim failed (the database was
                // down at the alert stage).
                job.add(ledger.statements(recording: sentAlerts, at: request.capturedAt, claimed: claimed))
                // The store stage's own record: written as succeeded because if anything here
                // fails, nothing of this job commits.
                let own = StageReport(stage: .store, status: .succeeded, startedAt: startedAt, finishedAt: Date(),
                                      milliseconds: Date().timeIntervalSince(startedAt) * 1000, rows: toStore.count)
                job.add(Self.stageRecords(earlier + [own], of: request, games: playable))
                let changed = try await job.run(on: db, priority: .critical)
                return (changed.total(of: written), toStore.count, nil)
            }
            stages.append(storeReport)
            committed = wrote != nil
        } else {
            for later in [WorkflowStage.alert, .store] {
                stages.append(.skipped(later, at: Date(), reason: "detect did not succeed"))
            }
        }

        let status = WorkflowRunStatus(stages: stages, failedFeeds: collection?.failedFeeds.count ?? 0,
                                       playableGames: detected ? playable.count : 1)
        if !committed {
            // Nothing was committed by store (skipped, failed or timed out): the run record alone.
            var job = StoreJob()
            job.add(Self.stageRecords(stages, of: request, games: playable))
            _ = try await job.run(on: db, priority: .critical)
        }
        return PreGameRunResult(request: request, status: status, stages: stages, collection: collection,
                                playableGames: playable, skippedGames: skippedGames, detection: detection,
                                signals: signals, alerts: alerts)
    }

    /// Runs one stage against its timeout, cut to what is left before the run's `deadline`,
    /// and times it; never throws.
    private func stage<Value: Sendable>(
        _ stage: WorkflowStage, _ deadline: ContinuousClock.Instant,
        _ operation: @escaping @Sendable () async throws -> (Value, Int, String?)
    ) async -> (StageReport, Value?) {
        let clock = ContinuousClock()
        let startedAt = Date()
        let started = clock.now
        let left = started.duration(to: deadline)
        let ownTimeout = timeout(for: stage)
        let outcome: Result<(Value, Int, String?), any Error>
        if left <= .zero {
            outcome = .failure(RunDeadlineError(deadline: runDeadline, started: false))
        } else {
            do {
                outcome = .success(try await StageDeadline(timeout: min(ownTimeout, left)).run(operation))
            } catch is StageTimeoutError where left < ownTimeout {
                outcome = .failure(RunDeadlineError(deadline: runDeadline, started: true))
            } catch {
                outcome = .failure(error)
            }
        }
        let elapsed = started.duration(to: clock.now)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let finishedAt = Date()
        switch outcome {
        case .success(let (value, rows, detail)):
            return (StageReport(stage: stage, status: .succeeded, startedAt: startedAt, finishedAt: finishedAt,
                                milliseconds: milliseconds, rows: rows, detail: detail), value)
        case .failure(let error as StageTimeoutError):
            return (StageReport(stage: stage, status: .timedOut, startedAt: startedAt, finishedAt: finishedAt,
                                milliseconds: milliseconds, detail: error.description), nil)
        case .failure(let error as RunDeadlineError):
            return (StageReport(stage: stage, status: .timedOut, startedAt: startedAt, finishedAt: finishedAt,
                                milliseconds: milliseconds, detail: error.description), nil)
        case .failure(let error):
            return (StageReport(stage: stage, status: .failed, startedAt: startedAt, finishedAt: finishedAt,
                                milliseconds: milliseconds, detail: String(describing: error)), nil)
        }
    }

    /// The statements recording the run's signals in `pre_game_signals` (a signal alerted by an
    /// earlier run of the same request stays alerted).
    private static func signalRecords(_ signals: [SharpSignal], alerted: Set<String>, of request: PreGameRunRequest) -> [WriteJob.Statement] {
        var byId: [String: SharpSignal] = [:]
        for signal in signals { byId[signal.id] = signal }
        let rows: [[DuckDBValue]] = byId.keys.sorted().map { id in
            let signal = byId[id]!
            return [.string(request.runId), .string(request.label), .string(signal.id), .string(signal.game.gameKey),
                    signal.game.gameId.map { .int(Int64($0)) } ?? .null, .string(signal.market.rawValue),
                    .string(signal.side.rawValue), .double(signal.confidence.value), .bool(alerted.contains(signal.id)),
                    .timestampTZ(request.capturedAt)]
        }
        return MultiRowInsert(
            table: "pre_game_signals",
            columns: ["run_id", "run_label", "signal_id", "game_key", "game_id", "market", "side", "confidence", "alerted", "recorded_at"],
            suffix: """
                ON CONFLICT (run_id, signal_id) DO UPDATE SET
                    run_label = excluded.run_label, confidence = excluded.confidence, recorded_at = excluded.recorded_at,
                    alerted = pre_game_signals.alerted OR excluded.alerted
                """).statements(rows)
    }

    /// The statements recording the run's stages in `pre_game_data`.
    private static func stageRecords(_ stages: [StageReport], of request: PreGameRunRequest, games: [ScheduledGame]) -> [WriteJob.Statement] {
        let gameId: DuckDBValue = games.count == 1 ? .int(Int64(games[0].gamePk)) : .null
        var byStage: [String: StageReport] = [:]
        for stage in stages { byStage[stage.stage.rawValue] = stage }  // a stage reported twice: the last
        let rows: [[DuckDBValue]] = byStage.keys.sorted().map { name in
            let stage = byStage[name]!
            return [.string(request.runId), .string(request.label), gameId, .string(name), .string(stage.status.rawValue),
                    .timestampTZ(stage.startedAt), .timestampTZ(stage.finishedAt), stage.rows.map { .int(Int64($0)) } ?? .null,
                    stage.detail.map { .string($0) } ?? .null]
        }
        return MultiRowInsert(
            table: "pre_game_data",
            columns: ["run_id", "run_label", "game_id", "stage", "status", "started_at", "finished_at", "rows", "detail"],
            suffix: """
                ON CONFLICT (run_id, stage) DO UPDATE SET
                    run_label = excluded.run_label, game_id = excluded.game_id, status = excluded.status,
                    started_at = excluded.started_at, finished_at = excluded.finished_at, rows = excluded.rows,
                    detail = excluded.detail
                """).statements(rows)
    }
}
