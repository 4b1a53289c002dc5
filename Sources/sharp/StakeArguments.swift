import ArgumentParser
import SharpBetting

/// `--min-edge E --bankroll B --kelly-fraction F`: the decision on each signal (BET when its best
/// price has at least this edge over Pinnacle's no-vig probability, else PASS) and the stake on
/// a bet (fractional Kelly of the bankroll, the flat stake beside it).
struct StakeArguments: ParsableArguments {
    @Option(name: .customLong("min-edge"), help: ArgumentHelp(
        "BET only at a price with at least this edge over Pinnacle's no-vig probability (a fraction: 0.02 is 2%). "
            + "The break-even price shown is the worst price with that edge.", valueName: "fraction"))
    var minEdge: Double = 0

    @Option(help: ArgumentHelp("Size the stake of each bet from this bankroll in dollars: fractional Kelly from the edge, flat 1% beside it.",
                               valueName: "dollars"))
    var bankroll: Double?

    @Option(name: .customLong("kelly-fraction"), help: "With --bankroll: the share of full Kelly to stake (0.25 is quarter Kelly).")
    var kellyFraction: Double = 0.25

    func validate() throws {
        if let bankroll, !(bankroll > 0) { throw ValidationError("--bankroll must be a positive number of dollars") }
        if !(kellyFraction > 0 && kellyFraction <= 1) { throw ValidationError("--kelly-fraction must be in (0, 1]") }
        if !(minEdge >= 0 && minEdge < 1) { throw ValidationError("--min-edge must be a fraction in [0, 1), e.g. 0.02 for 2%") }
    }

    /// The sizing asked for, nil without --bankroll.
    var sizing: StakeSizing? { bankroll.map { StakeSizing(bankroll: $0, kellyFraction: kellyFraction) } }

    /// `config` deciding at --min-edge.
    func applied(to config: DetectionConfig) -> DetectionConfig {
        var config = config
        config.minimumEdge = minEdge
        return config
    }
}
