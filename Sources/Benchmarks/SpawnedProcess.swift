import Foundation
import Synchronization

/// A child process started with posix_spawn and a clean signal state: no signal blocked, every
/// disposition the default. A child inherits the signal mask of the thread that spawns it, and
/// Swift's concurrency and Dispatch threads block most signals — pgbench started from one never
/// sees the SIGALRM that ends its `-T` run, and runs forever. Its end is awaited on a thread of
/// its own (waitpid), never on the cooperative pool.
///
/// ```swift
/// let child = try SpawnedProcess(["/usr/bin/pgbench", "--version"], stdout: out, stderr: err)
/// let status = await child.exitStatus()
/// ```
final class SpawnedProcess: Sendable {
    let pid: pid_t
    private let exit = Exit()

    /// The exit status once known, and who waits for it.
    private final class Exit: Sendable {
        let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))
    }

    /// Starts `argv[0]` with `argv` (its environment: this process's plus `environment`), stdin
    /// from /dev/null, stdout and stderr into the given files.
    init(_ argv: [String], environment: [String: String] = [:], stdout: URL, stderr: URL) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, &cEnvironment)
        guard spawned == 0 else {
            throw BenchmarkError.invalidOption("cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
        let thread = Thread { [exit, pid] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            // Exit status, or 128 + the signal that ended it (as a shell reports it).
            let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            let waiters = exit.state.withLock { state in
                state.status = code
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: code) }
        }
        thread.name = "sharp-bench-wait"
        thread.start()
    }

    /// Whether it is still running.
    var isRunning: Bool { exit.state.withLock { $0.status == nil } }

    /// Its exit status, once it has ended.
    func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = exit.state.withLock { state -> Int32? in
                if state.status == nil { state.waiters.append(continuation) }
                return state.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Sends `signal` (while it runs).
    func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }
}
