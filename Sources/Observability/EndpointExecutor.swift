import Dispatch

/// The task executor the endpoint's requests run on: a serial dispatch queue of its own, so a
/// scrape is answered even while every thread of Swift's cooperative pool is busy (two on our
/// machines), and the endpoint never takes one of them away from the application.
///
/// ```swift
/// Task(executorPreference: EndpointExecutor.shared) { await routes.respond(to: "/metrics") }
/// ```
/// Contract: jobs run one at a time, in order, on the queue's thread; nothing here blocks.
final class EndpointExecutor: TaskExecutor, Sendable {
    static let shared = EndpointExecutor()

    private let queue = DispatchQueue(label: "sharp.observability.endpoint")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
