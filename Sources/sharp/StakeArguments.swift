import ArgumentParser
import SharpBetting

/// `--bankroll B --kelly-fraction F`: the report's flat and fractional Kelly stakes.
struct StakeArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Size stakes from this bankroll in dollars: flat 1% and fractional Kelly from the edge.",
                               valueName: "dollars"))
    var bankroll: Double?

    @Option(name: .customLong("kelly-fraction"), help: "With --bankroll: the share of full Kelly to stake.")
    var kellyFraction: Double = 0.25

    func validate() throws {
        if let bankroll, !(bankroll > 0) { throw ValidationError("--bankroll must be a positive number of dollars") }
        if !(kellyFraction > 0 && kellyFraction <= 1) { throw ValidationError("--kelly-fraction must be in (0, 1]") }
    }

    /// The sizing asked for, nil without --bankroll.
    var sizing: StakeSizing? { bankroll.map { StakeSizing(bankroll: $0, kellyFraction: kellyFraction) } }
}
