import Foundation

/// Parses the MLB Stats API schedule (JSON) into ``ScheduledGame`` values.
///
/// Reads `dates[].games[]` with `gamePk`, `gameDate` (UTC), `status.detailedState`,
/// `teams.home.team.name`, `teams.away.team.name` and, when present, `gameNumber`; each game
/// gets its day from `dates[].date`. A payload without a `dates` array is rejected whole; a game
/// with a missing key or an unknown team is reported and left out, the others still parse.
///
/// ```swift
/// let outcome = ScheduleParser.parse(data)
/// let playable = outcome.values.filter(\.isPlayable)
/// ```
public enum ScheduleParser {
    /// Parses one schedule payload. `capturedAt` is accepted for symmetry with the other
    /// parsers; schedule entries carry no capture time.
    public static func parse(_ data: Data, capturedAt: Date? = nil) -> ParseOutcome<ScheduledGame> {
        func reject(_ field: String?, _ message: String) -> ParseOutcome<ScheduledGame> {
            .rejected(ParseError(source: .schedule, field: field, kind: .payload, message: message))
        }
        guard let root = JSONValue.decode(data) else { return reject(nil, "not JSON") }
        guard let dates = root["dates"]?.array else { return reject("dates", "missing or not an array") }

        var outcome = ParseOutcome<ScheduledGame>()
        for (dateIndex, day) in dates.enumerated() {
            let slateDate = day["date"]?.string.flatMap(SlateDate.init)
            if outcome.slateDate == nil { outcome.slateDate = slateDate }
            guard let games = day["games"]?.array else {
                outcome.errors.append(ParseError(
                    source: .schedule, game: slateDate?.description ?? "dates[\(dateIndex)]",
                    field: "games", kind: .missingField, message: "missing or not an array"))
                continue
            }
            for (index, game) in games.enumerated() {
                do throws(FieldError) {
                    let reader = JSONFieldReader(game)
                    let teams = try reader.required("teams")
                    outcome.values.append(ScheduledGame(
                        gamePk: try reader.required("gamePk").int(),
                        gameTime: try reader.required("gameDate").date(),
                        status: try reader.required("status").required("detailedState").string(),
                        away: try team(teams.required("away").required("team").required("name")),
                        home: try team(teams.required("home").required("team").required("name")),
                        slateDate: slateDate,
                        gameNumber: game["gameNumber"]?.int))
                } catch {
                    outcome.errors.append(error.parseError(
                        source: .schedule, book: nil, game: label(game, fallback: "dates[\(dateIndex)].games[\(index)]")))
                    outcome.failedRows += 1
                }
            }
        }
        return outcome
    }

    private static func team(_ name: JSONFieldReader) throws(FieldError) -> Team {
        let text = try name.string()
        do {
            return try TeamAliases.team(named: text)
        } catch {
            throw FieldError(field: name.path, kind: .unknownTeam, message: "unknown team '\(text)'")
        }
    }

    /// The `gamePk` when present, else the game's position.
    private static func label(_ game: JSONValue, fallback: String) -> String {
        game["gamePk"]?.int.map { "gamePk \($0)" } ?? fallback
    }
}
