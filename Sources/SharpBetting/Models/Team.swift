/// One of the thirty MLB clubs, identified by the three-letter code the whole pipeline uses.
///
/// Every source spells teams its own way; ``TeamAliases`` turns those spellings into a `Team`.
/// The raw value is the canonical code, so a `Team` encodes as `"CHC"`.
///
/// ```swift
/// let cubs = Team.chc
/// print(cubs.rawValue, cubs.fullName)   // CHC Chicago Cubs
/// let team = try TeamAliases.team(named: "Chi Cubs")   // .chc
/// ```
public enum Team: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case ari = "ARI", atl = "ATL", bal = "BAL", bos = "BOS", chc = "CHC"
    case cws = "CWS", cin = "CIN", cle = "CLE", col = "COL", det = "DET"
    case hou = "HOU", kc = "KC", laa = "LAA", lad = "LAD", mia = "MIA"
    case mil = "MIL", min = "MIN", nym = "NYM", nyy = "NYY", oak = "OAK"
    case phi = "PHI", pit = "PIT", sd = "SD", sf = "SF", sea = "SEA"
    case stl = "STL", tb = "TB", tex = "TEX", tor = "TOR", wsh = "WSH"

    /// The canonical three-letter code, e.g. `"WSH"`.
    public var code: String { rawValue }

    /// The club's full name as the MLB schedule writes it, e.g. `"Chicago Cubs"`.
    public var fullName: String {
        switch self {
        case .ari: "Arizona Diamondbacks"
        case .atl: "Atlanta Braves"
        case .bal: "Baltimore Orioles"
        case .bos: "Boston Red Sox"
        case .chc: "Chicago Cubs"
        case .cws: "Chicago White Sox"
        case .cin: "Cincinnati Reds"
        case .cle: "Cleveland Guardians"
        case .col: "Colorado Rockies"
        case .det: "Detroit Tigers"
        case .hou: "Houston Astros"
        case .kc: "Kansas City Royals"
        case .laa: "Los Angeles Angels"
        case .lad: "Los Angeles Dodgers"
        case .mia: "Miami Marlins"
        case .mil: "Milwaukee Brewers"
        case .min: "Minnesota Twins"
        case .nym: "New York Mets"
        case .nyy: "New York Yankees"
        case .oak: "Athletics"
        case .phi: "Philadelphia Phillies"
        case .pit: "Pittsburgh Pirates"
        case .sd: "San Diego Padres"
        case .sf: "San Francisco Giants"
        case .sea: "Seattle Mariners"
        case .stl: "St. Louis Cardinals"
        case .tb: "Tampa Bay Rays"
        case .tex: "Texas Rangers"
        case .tor: "Toronto Blue Jays"
        case .wsh: "Washington Nationals"
        }
    }

    /// The club's nickname, e.g. `"Cubs"`.
    public var nickname: String {
        switch self {
        case .ari: "Diamondbacks"
        case .atl: "Braves"
        case .bal: "Orioles"
        case .bos: "Red Sox"
        case .chc: "Cubs"
        case .cws: "White Sox"
        case .cin: "Reds"
        case .cle: "Guardians"
        case .col: "Rockies"
        case .det: "Tigers"
        case .hou: "Astros"
        case .kc: "Royals"
        case .laa: "Angels"
        case .lad: "Dodgers"
        case .mia: "Marlins"
        case .mil: "Brewers"
        case .min: "Twins"
        case .nym: "Mets"
        case .nyy: "Yankees"
        case .oak: "Athletics"
        case .phi: "Phillies"
        case .pit: "Pirates"
        case .sd: "Padres"
        case .sf: "Giants"
        case .sea: "Mariners"
        case .stl: "Cardinals"
        case .tb: "Rays"
        case .tex: "Rangers"
        case .tor: "Blue Jays"
        case .wsh: "Nationals"
        }
    }

    /// Orders teams by code, so sorted output is stable.
    public static func < (lhs: Team, rhs: Team) -> Bool { lhs.rawValue < rhs.rawValue }
}
