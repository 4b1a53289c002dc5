import Foundation

/// Writes lines to stderr (progress and errors), keeping stdout for results.
enum StandardError {
    static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
