/// A failure of a command that is not a usage mistake: printed as `Error: <message>` without the
/// usage text, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
