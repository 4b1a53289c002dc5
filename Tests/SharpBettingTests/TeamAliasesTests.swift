import Testing
@testable import SharpBetting

@Suite struct TeamAliasesTests {
    @Test(arguments: Team.allCases)
    func fullNameResolvesToItsTeam(team: Team) throws {
        #expect(try TeamAliases.team(named: team.fullName) == team)
        #expect(try TeamAliases.team(named: team.rawValue) == team)
        #expect(try TeamAliases.team(named: team.nickname) == team)
    }

    @Test func everyCodeIsDistinctAndThereAreThirty() {
        #expect(Team.allCases.count == 30)
        #expect(Set(Team.allCases.map(\.rawValue)).count == 30)
        #expect(TeamAliases.conflicts.isEmpty)
    }

    @Test(arguments: [
        ("Athletics", Team.oak), ("A's", .oak), ("ATH", .oak), ("D-backs", .ari), ("Diamondbacks", .ari),
        ("AZ", .ari), ("Chi Cubs", .chc), ("Chi White Sox", .cws), ("CHW", .cws), ("WSN", .wsh),
        ("KCR", .kc), ("SDP", .sd), ("SFG", .sf), ("TBR", .tb), ("philadelphia-phillies", .phi),
        ("st-louis-cardinals", .stl), ("St. Louis Cardinals", .stl), ("  new YORK   mets ", .nym),
        ("Boston", .bos), ("Tampa Bay", .tb), ("LA Dodgers", .lad), ("NY Yankees", .nyy),
    ])
    func sourceSpellingsResolve(name: String, team: Team) throws {
        #expect(try TeamAliases.team(named: name) == team)
    }

    @Test(arguments: ["Chicago", "New York", "Los Angeles", "Sox", "Montreal Expos", "", "PHX"])
    func unknownOrAmbiguousNamesThrow(name: String) {
        #expect(throws: UnknownTeamError(name: name)) { try TeamAliases.team(named: name) }
    }

    @Test func unknownTeamErrorNamesTheSpelling() {
        #expect(UnknownTeamError(name: "Expos").description == "unknown team 'Expos'")
    }
}
