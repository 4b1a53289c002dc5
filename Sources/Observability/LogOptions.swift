import Logging

/// `--log-level LEVEL` and `--log-format text|json`, accepted anywhere on a command line (they
/// apply to the whole process, so every subcommand takes them) and removed before the command's
/// own parsing.
///
/// ```swift
/// let (options, rest) = try LogOptions.extract(from: ["db", "status", "--log-level", "debug"])
/// // options.level == .debug, rest == ["db", "status"]
/// ```
/// Contract: `--flag VALUE` and `--flag=VALUE` both work; an unknown value or a missing one
/// throws ``LogOptions/Invalid`` naming the accepted values.
public struct LogOptions: Sendable, Equatable {
    public var level: Logger.Level = SharpLogging.defaultLevel
    public var format: LogFormat = .text

    public init(level: Logger.Level = SharpLogging.defaultLevel, format: LogFormat = .text) {
        self.level = level
        self.format = format
    }

    /// A bad `--log-level` or `--log-format`.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Usage text for the root command's help.
    public static let help = """
        --log-level trace|debug|info|notice|warning|error|critical (default notice) and \
        --log-format text|json (default text) go anywhere on the line; logs go to standard error.
        """

    /// Takes the two options out of `arguments` (everything after a lone `--` is left alone).
    public static func extract(from arguments: [String]) throws -> (LogOptions, [String]) {
        var options = LogOptions()
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard name == "--log-level" || name == "--log-format" else {
                rest.append(argument)
                index += 1
                continue
            }
            if value == nil {
                guard index + 1 < arguments.count else { throw Invalid(description: "\(name) needs a value") }
                value = arguments[index + 1]
                index += 1
            }
            index += 1
            if name == "--log-level" {
                guard let level = Logger.Level(rawValue: value!.lowercased()) else {
                    throw Invalid(description: "unknown --log-level '\(value!)'; choose one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                options.level = level
            } else {
                guard let format = LogFormat(rawValue: value!.lowercased()) else {
                    throw Invalid(description: "unknown --log-format '\(value!)'; choose text or json")
                }
                options.format = format
            }
        }
        return (options, rest)
    }
}
