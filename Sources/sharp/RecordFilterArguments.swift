import ArgumentParser
import SharpBetting

/// `--min-bets N --min-roi X`: detection emits only rules whose backtested record
/// (`strategy_performance`, written by `sharp backtest`) is positive enough.
struct RecordFilterArguments: ParsableArguments {
    @Option(name: .customLong("min-bets"), help: ArgumentHelp(
        "Emit only rules whose backtested record has at least this many graded bets (see `sharp backtest`).", valueName: "n"))
    var minBets: Int?

    @Option(name: .customLong("min-roi"), help: ArgumentHelp(
        "With --min-bets: and whose ROI is above this fraction (0 means positive; 0.02 is +2%).", valueName: "x"))
    var minROI: Double = 0

    func validate() throws {
        if let minBets, minBets < 1 { throw ValidationError("--min-bets must be at least 1") }
    }

    /// `config` with the filter set.
    func applied(to config: DetectionConfig) -> DetectionConfig {
        var config = config
        config.minimumRecordBets = minBets
        config.minimumRecordROI = minROI
        return config
    }
}
