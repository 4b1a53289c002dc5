import Foundation

/// The operating system's name of the calling thread: what `/proc/PID/task/*/comm`, gdb, the
/// test watchdog's stacks and Swift's crash reports show. Foundation's `Thread.name` set before
/// `start()` does not reach the system on Linux, so the coordinator's threads carried the name
/// they inherited (Dispatch's `com.apple.root.default-qos`), as DuckDB's own threads do, and a
/// report could not tell them apart. Set from the thread itself, it does. Linux keeps at most
/// 15 bytes.
///
/// ```swift
/// Thread { ThreadName.setCurrent("duck-writer"); run() }.start()
/// ```
enum ThreadName {
    static func setCurrent(_ name: String) {
        Thread.current.name = String(decoding: name.utf8.prefix(15), as: UTF8.self)
    }
}
