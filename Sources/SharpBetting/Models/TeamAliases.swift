/// The single table that maps every source's spelling of a club to its ``Team``.
///
/// Lookups ignore case, spaces and punctuation, so `"Chi Cubs"`, `"chi-cubs"` and `"CHI CUBS"`
/// are the same key, and a VSIN URL slug such as `philadelphia-phillies` matches the full name
/// `"Philadelphia Phillies"`. A name the table does not know throws ``UnknownTeamError``:
/// the table never guesses (a bare `"Chicago"` or `"Sox"` is ambiguous and is not in it).
///
/// ```swift
/// try TeamAliases.team(named: "D-backs")                // .ari
/// try TeamAliases.team(named: "st-louis-cardinals")     // .stl
/// try TeamAliases.team(named: "CHW")                    // .cws
/// try TeamAliases.team(named: "Chicago")                // throws UnknownTeamError
/// ```
public enum TeamAliases {
    /// Looks up a team by any known spelling.
    ///
    /// - Throws: ``UnknownTeamError`` when the spelling is not in the table.
    public static func team(named name: String) throws(UnknownTeamError) -> Team {
        guard let team = table[normalize(name)] else { throw UnknownTeamError(name: name) }
        return team
    }

    /// Every spelling the table knows for `team`, as written (not normalised).
    ///
    /// ```swift
    /// TeamAliases.names(for: .ari).contains("D-backs")   // true
    /// ```
    public static func names(for team: Team) -> [String] {
        [team.rawValue, team.fullName, team.nickname] + (extraNames[team] ?? [])
    }

    /// The lookup key of a spelling: lowercased, letters and digits only.
    ///
    /// ```swift
    /// TeamAliases.normalize("A's")   // "as"
    /// ```
    public static func normalize(_ name: String) -> String {
        String(String.UnicodeScalarView(
            name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        ))
    }

    /// Normalised spellings that two different teams claim; always empty for a sound table.
    static var conflicts: [String] {
        var seen: [String: Team] = [:]
        var clashes: [String] = []
        for team in Team.allCases {
            for name in names(for: team) {
                let key = normalize(name)
                if let other = seen[key], other != team { clashes.append(key) }
                seen[key] = team
            }
        }
        return clashes
    }

    private static let table: [String: Team] = {
        var table: [String: Team] = [:]
        for team in Team.allCases {
            for name in names(for: team) { table[normalize(name)] = team }
        }
        return table
    }()

    /// Source codes, city names (only where the city has one club), short forms and old names.
    private static let extraNames: [Team: [String]] = [
        .ari: ["AZ", "ARZ", "Arizona", "D-backs", "Dbacks", "Diamond Backs"],
        .atl: ["Atlanta"],
        .bal: ["Baltimore"],
        .bos: ["Boston"],
        .chc: ["Chi Cubs", "CHN"],
        .cws: ["CHW", "CHA", "Chi White Sox", "Chi Sox", "ChiSox"],
        .cin: ["Cincinnati"],
        .cle: ["Cleveland"],
        .col: ["Colorado"],
        .det: ["Detroit"],
        .hou: ["Houston"],
        .kc: ["KCR", "KCA", "Kansas City", "KC Royals"],
        .laa: ["ANA", "LA Angels", "Anaheim", "Anaheim Angels", "Los Angeles Angels of Anaheim"],
        .lad: ["LAN", "LA Dodgers"],
        .mia: ["Miami", "FLA", "Florida Marlins"],
        .mil: ["Milwaukee"],
        .min: ["Minnesota"],
        .nym: ["NYN", "NY Mets"],
        .nyy: ["NYA", "NY Yankees"],
        .oak: ["ATH", "A's", "Oakland", "Oakland Athletics", "Sacramento", "Sacramento Athletics"],
        .phi: ["Philadelphia"],
        .pit: ["Pittsburgh"],
        .sd: ["SDP", "SDN", "San Diego", "SD Padres"],
        .sf: ["SFG", "SFN", "San Francisco", "SF Giants"],
        .sea: ["Seattle"],
        .stl: ["SLN", "St Louis", "Saint Louis", "St. Louis", "St Louis Cardinals"],
        .tb: ["TBR", "TBA", "Tampa Bay", "Tampa", "TB Rays", "Tampa Bay Devil Rays"],
        .tex: ["Texas"],
        .tor: ["Toronto"],
        .wsh: ["WSN", "WAS", "Washington", "Nats"],
    ]
}
