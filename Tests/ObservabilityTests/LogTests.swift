import DuckCoordinator
import DuckDBKit
import Foundation
import Logging
import Observability
import Synchronization
import Testing

/// `--log-level`/`--log-format` parsing and the lines ``SharpLogHandler`` writes.
@Suite struct LogTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func optionsComeOffTheCommandLineAnywhere() throws {
        let (options, rest) = try LogOptions.extract(from: ["db", "--log-level", "debug", "status", "--log-format=json", "--json"])
        #expect(options == LogOptions(level: .debug, format: .json))
        #expect(rest == ["db", "status", "--json"])
        let (defaults, untouched) = try LogOptions.extract(from: ["sql", "--", "--log-level", "x"])
        #expect(defaults == LogOptions(level: .notice, format: .text))
        #expect(untouched == ["sql", "--", "--log-level", "x"])
    }

    @Test func badValuesAreRefusedWithTheChoices() {
        #expect(throws: LogOptions.Invalid.self) { try LogOptions.extract(from: ["--log-level", "loud"]) }
        #expect(throws: LogOptions.Invalid.self) { try LogOptions.extract(from: ["--log-format", "xml"]) }
        #expect(throws: LogOptions.Invalid.self) { try LogOptions.extract(from: ["--log-level"]) }
        do {
            _ = try LogOptions.extract(from: ["--log-format", "xml"])
        } catch {
            #expect("\(error)".contains("text or json"))
        }
    }

    @Test func aJSONLineCarriesOperationDurationRowsAndErrorKind() throws {
        let sink = Lines()
        var logger = Logger(label: "sharp.test") { SharpLogHandler(label: $0, format: .json, level: .debug, sink: sink.append) }
        logger[metadataKey: "session"] = "7"
        logger.warning("slow batch", metadata: ["operation": "batch", "duration_ms": "812.5", "rows": "500",
                                                "error_kind": "constraint", "note": "say \"hi\"\n", "code": "007"])
        logger.trace("dropped below the level")
        #expect(sink.all.count == 1)
        let line = try #require(sink.all.first)
        #expect(line.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["logger"] as? String == "sharp.test")
        #expect(object["message"] as? String == "slow batch")
        #expect(object["operation"] as? String == "batch")
        #expect(object["duration_ms"] as? Double == 812.5)
        #expect(object["rows"] as? Int == 500)
        #expect(object["error_kind"] as? String == "constraint")
        #expect(object["note"] as? String == "say \"hi\"\n")
        #expect(object["code"] as? String == "007")
        #expect(object["session"] as? Int == 7)
        #expect((object["ts"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func aTextLineIsOneLineWithSortedFields() throws {
        let sink = Lines()
        let logger = Logger(label: "sharp.test") { SharpLogHandler(label: $0, format: .text, level: .info, sink: sink.append) }
        logger.debug("not shown")
        logger.info("capture collected", metadata: ["rows": "42", "operation": "collect", "source": "vsin dk"])
        let line = try #require(sink.all.first)
        #expect(sink.all.count == 1)
        #expect(line.hasSuffix(" info sharp.test: capture collected operation=collect rows=42 source=\"vsin dk\"\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
    }
}

/// The error kinds behind `sharp_write_failures_total{kind}` and `error_kind`.
@Suite struct ErrorKindTests {
    @Test func kindsAreShortStableNames() {
        #expect(DuckCoordinator.ErrorKind.of(CoordinatorError.queueFull(limit: 3)) == "queue_full")
        #expect(DuckCoordinator.ErrorKind.of(CoordinatorError.connectionTimeout(seconds: 1)) == "connection_timeout")
        #expect(DuckCoordinator.ErrorKind.of(DuckDBError(.transactionConflict, message: "x")) == "transaction_conflict")
        #expect(DuckCoordinator.ErrorKind.of(DuckDBError(.constraint, message: "x")) == "constraint")
        #expect(DuckCoordinator.ErrorKind.of(CancellationError()) == "cancelled")
    }
}
