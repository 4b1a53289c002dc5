import DuckCoordinator
import Foundation
import Testing

@Suite struct ConnectionConfigTests {
    @Test func presetsCarryTheGuidesValues() {
        let expected: [(ConnectionConfig, Int, Int, Double)] = [
            (.production, 8, 500, 2.0), (.trading, 12, 100, 1.0), (.analysis, 4, 2000, 10.0),
            (.preGameWorkflow, 8, 200, 1.0), (.dataCollector, 4, 1000, 5.0), (.sharpMonitor, 12, 100, 0.5),
        ]
        for (config, readers, batch, timeout) in expected {
            #expect(config.readPoolSize == readers)
            #expect(config.writeBatchSize == batch)
            #expect(config.writeBatchTimeout == timeout)
            #expect(throws: Never.self) { try config.validate() }
        }
        let fresh = ConnectionConfig()
        #expect(fresh.maxQueueSize == 10_000)
        #expect(fresh.connectionTimeout == 30)
        #expect(ConnectionConfig.presets.count == 6)
        // Every preset commits by group commit unless told otherwise, with no gathering delay.
        for (config, _, _, _) in expected {
            #expect(config.flushPolicy == .groupCommit)
            #expect(config.commitDelay == 0)
        }
    }

    @Test(arguments: ["readPoolSize", "writeBatchTimeout", "writeBatchSize", "connectionTimeout", "maxQueueSize", "commitDelay"])
    func invalidValuesAreRejectedNamingTheField(field: String) throws {
        var config = ConnectionConfig()
        switch field {
        case "readPoolSize": config.readPoolSize = 0
        case "writeBatchTimeout": config.writeBatchTimeout = -1
        case "writeBatchSize": config.writeBatchSize = 20_000
        case "connectionTimeout": config.connectionTimeout = .nan
        case "commitDelay": config.commitDelay = -0.5
        default: config.maxQueueSize = 0
        }
        #expect {
            try config.validate()
        } throws: { error in
            guard case CoordinatorError.invalidConfig(let named, _) = error else { return false }
            return named == field && "\(error)".contains(field)
        }
        let folder = try TemporaryFolder()
        #expect(throws: CoordinatorError.self) { _ = try DatabaseCoordinator(path: folder.databasePath, config: config) }
    }

    @Test func configEncodesWithSnakeCaseKeys() throws {
        let json = String(decoding: try JSONEncoder().encode(ConnectionConfig.trading), as: UTF8.self)
        #expect(json.contains("\"read_pool_size\":12"))
        #expect(json.contains("\"write_batch_size\":100"))
        #expect(json.contains("\"flush_policy\":\"group-commit\""))
        #expect(json.contains("\"commit_delay\":0"))
        var timer = ConnectionConfig.trading
        timer.flushPolicy = .timer
        let decoded = try JSONDecoder().decode(ConnectionConfig.self, from: JSONEncoder().encode(timer))
        #expect(decoded == timer)
    }
}
