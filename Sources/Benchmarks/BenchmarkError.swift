/// Why a benchmark could not run or found wrong results.
public enum BenchmarkError: Error, CustomStringConvertible {
    /// A scale flag is out of range.
    case invalidOption(String)
    /// A raw C baseline failed; DuckDB's message.
    case baselineFailed(String)
    /// The rows that landed are not the rows written.
    case wrongResult(String)

    public var description: String {
        switch self {
        case .invalidOption(let message): "invalid option: \(message)"
        case .baselineFailed(let message): "raw baseline failed: \(message)"
        case .wrongResult(let message): "wrong result: \(message)"
        }
    }
}
