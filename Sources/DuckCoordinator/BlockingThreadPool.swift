import Foundation

/// Threads the coordinator owns, each holding its own resource (a reader connection), that run
/// blocking jobs in arrival order. Async callers suspend on a continuation, so no DuckDB call
/// ever blocks a thread of Swift's cooperative pool.
///
/// A job still waiting after `timeout` seconds fails with `connectionTimeout`; a cancelled
/// caller's job leaves the queue, or, when already running, has its query interrupted (again
/// and again while it runs), and once it has ended its thread runs `reset` on the resource
/// before taking another job, when no interrupt can reach it any more.
final class BlockingThreadPool<Resource>: @unchecked Sendable {
    private final class Job: @unchecked Sendable {  // guarded by `condition`
        enum State { case new, queued, running, done, cancelled }
        var state = State.new
        var worker = -1
        /// Cancelled while running: interrupts were sent, so `reset` runs after it.
        var interrupted = false
        var work: ((Resource) -> Void)?
        var fail: ((Error) -> Void)?
    }

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var head = 0
    private var idle = 0
    private var stopping = false
    private var resources: [Resource]
    private let finished = DispatchGroup()
    private let interrupt: @Sendable (Resource) -> Void
    private let reset: @Sendable (Resource) -> Void
    private let close: @Sendable (Resource) -> Void
    let name: String

    /// Starts one thread per resource. `interrupt` is called from any thread, under the pool's
    /// lock, while a cancelled job runs; `reset` on the resource's thread after such a job has
    /// ended (an interrupt may have stopped the job's own cleanup, e.g. its ROLLBACK); `close`
    /// on the resource's thread when the pool stops.
    init(name: String, resources: [Resource], interrupt: @escaping @Sendable (Resource) -> Void = { _ in },
         reset: @escaping @Sendable (Resource) -> Void = { _ in },
         close: @escaping @Sendable (Resource) -> Void = { _ in }) {
        self.name = name
        self.resources = resources
        self.interrupt = interrupt
        self.reset = reset
        self.close = close
        for index in resources.indices {
            finished.enter()
            // The threads hold the pool until `stop()`/`shutdown()` ends them.
            let threadName = "\(name)-\(index)"
            let thread = Thread { [self] in
                ThreadName.setCurrent(threadName)
                loop(index)
            }
            thread.name = threadName
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    var size: Int { resources.count }

    /// Jobs waiting for a thread.
    var waiting: Int { condition.withLock { queue.count - head } }

    /// Runs `body` on one of the pool's threads with its resource.
    func run<T: Sendable>(timeout: Double?, _ body: @escaping @Sendable (Resource) throws -> T) async throws -> T {
        let job = Job()
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, Error>) in
                let refusal: Error? = condition.withLock {
                    if job.state == .cancelled { return CancellationError() }
                    if stopping { return CoordinatorError.shutDown }
                    job.work = { resource in continuation.resume(with: Result { try body(resource) }) }
                    job.fail = { continuation.resume(throwing: $0) }
                    job.state = .queued
                    queue.append(job)
                    let mustWait = idle < queue.count - head
                    condition.signal()
                    if mustWait, let timeout {
                        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self] in
                            self?.expire(job, after: timeout)
                        }
                    }
                    return nil
                }
                if let refusal { continuation.resume(throwing: refusal) }
            }
        } onCancel: {
            cancel(job)
        }
    }

    private func expire(_ job: Job, after timeout: Double) {
        let fail: ((Error) -> Void)? = condition.withLock {
            guard job.state == .queued else { return nil }
            job.state = .cancelled
            defer { job.fail = nil; job.work = nil }
            return job.fail
        }
        fail?(CoordinatorError.connectionTimeout(seconds: timeout))
    }

    private func cancel(_ job: Job) {
        let fail: ((Error) -> Void)? = condition.withLock {
            switch job.state {
            case .new:
                job.state = .cancelled
                return nil
            case .queued:
                job.state = .cancelled
                defer { job.fail = nil; job.work = nil }
                return job.fail
            case .running:
                job.interrupted = true
                interrupt(resources[job.worker])
                keepInterrupting(job, attempt: 1)
                return nil
            case .done, .cancelled:
                return nil
            }
        }
        fail?(CancellationError())
    }

    /// An interrupt that lands before DuckDB has begun the query is lost, so repeat it while
    /// the same job still runs (checked under the lock, so the next job is never hit).
    private func keepInterrupting(_ job: Job, attempt: Int) {
        guard attempt < 500 else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.01) { [weak self] in
            guard let self else { return }
            let running = condition.withLock { () -> Bool in
                guard job.state == .running else { return false }
                interrupt(resources[job.worker])
                return true
            }
            if running { keepInterrupting(job, attempt: attempt + 1) }
        }
    }

    private func loop(_ index: Int) {
        let resource = condition.withLock { resources[index] }
        while true {
            condition.lock()
            var job: Job?
            while job == nil {
                while head < queue.count, job == nil {
                    let candidate = queue[head]
                    head += 1
                    if candidate.state == .queued { job = candidate }
                }
                if head > 1024, head * 2 > queue.count {
                    queue.removeFirst(head)
                    head = 0
                }
                if job != nil { break }
                if stopping { break }
                idle += 1
                condition.wait()
                idle -= 1
            }
            guard let job else {
                condition.unlock()
                break
            }
            job.state = .running
            job.worker = index
            let work = job.work
            job.work = nil
            job.fail = nil
            condition.unlock()
            work?(resource)
            // Done first (under the lock, so no interrupt of this job follows), then reset.
            let interrupted = condition.withLock {
                job.state = .done
                return job.interrupted
            }
            if interrupted { reset(resource) }
        }
        close(resource)
        finished.leave()
    }

    /// Stops intake without waiting: queued jobs finish, then each thread closes its resource
    /// and ends.
    func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
    }

    /// Stops intake, lets queued jobs finish, closes every resource; returns when all threads ended.
    func shutdown() async {
        stop()
        let group = finished
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                group.wait()
                done.resume()
            }
        }
    }
}
