import Foundation
import Synchronization
import TandemCore
import TandemStore

/// Imports started from the web app, run in the background so the page can show their
/// progress. Kept in memory: after a restart a finished import's report is gone (the leads
/// it wrote are not), and one cut short by the restart wrote nothing, as it is one transaction.
final class ImportJobs: Sendable {
    struct Job: Sendable {
        let id: String
        let owner: User.ID
        let fileName: String
        let totalRows: Int
        var rowsRead = 0
        var report: LeadImportReport?
        /// Why the whole import was refused (an unreadable file); nothing was written.
        var failure: String?
        var finished: Bool { report != nil || failure != nil }
    }

    /// Jobs kept for their reports; the oldest go first.
    static let kept = 50

    private let jobs = Mutex<[String: Job]>([:])
    private let order = Mutex<[String]>([])

    func start(_ job: Job) {
        jobs.withLock { $0[job.id] = job }
        let dropped: [String] = order.withLock { order in
            order.append(job.id)
            guard order.count > Self.kept else { return [] }
            let old = Array(order.prefix(order.count - Self.kept))
            order.removeFirst(old.count)
            return old
        }
        jobs.withLock { jobs in for id in dropped { jobs[id] = nil } }
    }

    func update(_ id: String, _ change: (inout Job) -> Void) {
        jobs.withLock { jobs in
            guard var job = jobs[id] else { return }
            change(&job)
            jobs[id] = job
        }
    }

    /// The job, for the person who started it only.
    func job(_ id: String, for user: User.ID) -> Job? {
        jobs.withLock { $0[id] }.flatMap { $0.owner == user ? $0 : nil }
    }
}
