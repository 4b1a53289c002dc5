import Foundation
import Observability

/// The process entry: takes the process-wide `--log-level`/`--log-format` off the command line,
/// bootstraps logging (standard error), then runs the command.
@main
enum SharpMain {
    static func main() async {
        ProcessSignals.install()
        LineBufferedOutput.apply()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            let (options, rest) = try LogOptions.extract(from: arguments)
            SharpLogging.bootstrap(level: options.level, format: options.format)
            // Metrics are collected only where they are served: the handles every coordinator
            // makes bind to the backend in place when it is created.
            if rest.first == "dashboard" || rest.contains(where: { $0 == "--metrics-port" || $0.hasPrefix("--metrics-port=") }) {
                SharpMetrics.bootstrap()
            }
            await SharpCommand.runCommandLine(rest)
        } catch {
            StandardError.print("Error: \(error)")
            exit(64)
        }
    }
}
