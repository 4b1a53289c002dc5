// Whether ThreadSanitizer sees Synchronization.Mutex's happens-before edges on this platform.
// 8 threads update one dictionary, every access inside the lock: through a Mutex, or through
// a pthread mutex (which TSan intercepts). Reports for the Mutex run only mean TSan cannot see
// that lock (on Linux it is a futex in the kernel), not that the accesses race.
//
//   swiftc -sanitize=thread -O scripts/tsan-mutex-probe.swift -o /tmp/tsan-mutex-probe
//   /tmp/tsan-mutex-probe 2>&1 | grep -c 'WARNING: ThreadSanitizer'           # Mutex
//   /tmp/tsan-mutex-probe pthread 2>&1 | grep -c 'WARNING: ThreadSanitizer'   # pthread: 0
import Foundation
import Synchronization

final class Shared: @unchecked Sendable {
    let mutex = Mutex<[Int: Int]>([:])
    var plain: [Int: Int] = [:]
    var lock = pthread_mutex_t()
    init() { pthread_mutex_init(&lock, nil) }
}

let shared = Shared()
let usePthread = CommandLine.arguments.contains("pthread")
let threads = (0..<8).map { t in
    Thread {
        for i in 0..<20_000 {
            if usePthread {
                pthread_mutex_lock(&shared.lock)
                shared.plain[i % 64, default: 0] += t
                pthread_mutex_unlock(&shared.lock)
            } else {
                shared.mutex.withLock { $0[i % 64, default: 0] += t }
            }
        }
    }
}
threads.forEach { $0.start() }
while threads.contains(where: { !$0.isFinished }) { usleep(10_000) }
print(usePthread ? "pthread mutex: done" : "Synchronization.Mutex: done")
