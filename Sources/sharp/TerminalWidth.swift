import Foundation

/// The width help text is wrapped to, found as ArgumentParser finds it: `COLUMNS` when set,
/// else the terminal's width, else 80.
///
/// ```swift
/// let text = HelpLayout.arrange(SharpCommand.helpMessage(columns: TerminalWidth.columns), columns: TerminalWidth.columns)
/// ```
enum TerminalWidth {
    static var columns: Int {
        if let value = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(value), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
