/// The two sides of a market, by the direction of `d`.
extension Market {
    /// The side a positive (`homeOrOver == true`) or negative differential names.
    func side(homeOrOver: Bool) -> SharpSide {
        switch (isTotal, homeOrOver) {
        case (true, true): .over
        case (true, false): .under
        case (false, true): .home
        case (false, false): .away
        }
    }
}

extension SharpSide {
    /// Whether this is the home (or over) side, the side `d > 0` names.
    var isHomeOrOver: Bool { self == .home || self == .over }
}
