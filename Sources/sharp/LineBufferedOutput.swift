import Foundation

/// Standard output line by line when it is not a terminal (a file, a pipe, journald): the C
/// library buffers it in 4 KiB blocks otherwise, so `sharp monitor | tee log` or a service's log
/// showed no cycle line for minutes and then all of them at exit. A terminal is line-buffered
/// already. Called once, before anything is printed.
enum LineBufferedOutput {
    static func apply() {
        guard isatty(STDOUT_FILENO) == 0 else { return }
        // The C `stdout` stream that `print` writes to. Swift 6 refuses to read the imported
        // global variable (shared mutable state), so its address is looked up instead; nothing
        // else touches it this early.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout"),
              let stream = symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee else { return }
        setvbuf(stream, nil, _IOLBF, 0)
    }
}
