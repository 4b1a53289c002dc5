/// A failure of a command that is not a usage mistake: printed as `Error: <message>` without the
/// usage text, with its ``ExitStatus`` (1 unless it says otherwise).
///
/// ```swift
/// throw CommandFailure("another process holds data/mlb.duckdb", status: .unavailable)  // exit 69
/// ```
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let status: ExitStatus
    init(_ message: String, status: ExitStatus = .failure) {
        self.message = message
        self.status = status
    }
    var description: String { message }
}
