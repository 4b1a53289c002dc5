/// A team name that ``TeamAliases`` does not know.
///
/// ```swift
/// do { _ = try TeamAliases.team(named: "Montreal Expos") }
/// catch { print(error) }   // unknown team 'Montreal Expos'
/// ```
public struct UnknownTeamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name as the source wrote it.
    public let name: String

    /// Creates the error for `name`.
    public init(name: String) { self.name = name }

    public var description: String { "unknown team '\(name)'" }
}
