import SQLKit
import TandemCore

/// Commits concurrent ingests together: while one transaction is being written, the batches
/// that arrive wait, and then go in the next transaction as a group. Each batch still gets its
/// own answer, and only after the group has committed, so an acknowledged event is durable.
///
/// SQLite has a single writer: one commit (and its fsync) per group instead of per request
/// keeps that writer busy with inserts. A failing group is retried batch by batch, so one bad
/// batch cannot fail the others.
actor IngestQueue {
    struct Job: Sendable {
        let messages: [TrackingMessage]
        let jsonColumns: [(properties: String, context: String)]
        let leadInputs: [Int: LeadInput]
        let writeKeyId: APIKey.ID?
        let deferReplays: Bool
        let continuation: CheckedContinuation<IngestSummary, any Error>
    }

    private var waiting: [Job] = []
    private var draining = false
    /// Callers of `idle()`, resumed when the queue runs empty.
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Enough batches for one transaction; more wait for the next.
    private let groupLimit = 32

    func submit(
        _ messages: [TrackingMessage], jsonColumns: [(properties: String, context: String)], leadInputs: [Int: LeadInput],
        writeKeyId: APIKey.ID?, deferReplays: Bool, database: Database
    ) async throws -> IngestSummary {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(
                Job(
                    messages: messages, jsonColumns: jsonColumns, leadInputs: leadInputs, writeKeyId: writeKeyId,
                    deferReplays: deferReplays, continuation: continuation
                ))
            if !draining {
                draining = true
                Task { await drain(database) }
            }
        }
    }

    private func drain(_ database: Database) async {
        while !waiting.isEmpty {
            // Imports that defer replays never share a transaction with live traffic, which replays
            // in the transaction.
            let deferring = waiting.first?.deferReplays ?? false
            let group = Array(waiting.prefix(groupLimit).prefix { $0.deferReplays == deferring })
            waiting.removeFirst(group.count)
            do {
                let summaries = try await Self.ingest(group, database: database)
                for (job, summary) in zip(group, summaries) { job.continuation.resume(returning: summary) }
            } catch {
                guard group.count > 1 else {
                    group[0].continuation.resume(throwing: error)
                    continue
                }
                for job in group {
                    do {
                        let summaries = try await Self.ingest([job], database: database)
                        job.continuation.resume(returning: summaries.first ?? IngestSummary())
                    } catch {
                        job.continuation.resume(throwing: error)
                    }
                }
            }
        }
        draining = false
        for waiter in idleWaiters { waiter.resume() }
        idleWaiters.removeAll()
    }

    /// Returns once every batch submitted so far has been committed or refused: a shutdown
    /// waits here before it closes the connections.
    func idle() async {
        guard draining else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// One unit of work for the group, at the latest receipt time among its messages; the
    /// group's leads are scored once, when it settles.
    private static func ingest(_ group: [Job], database: Database) async throws -> [IngestSummary] {
        let now = group.flatMap { $0.messages.map(\.receivedAt) }.max() ?? 0
        return try await database.write(now: now, actor: .tracking) { tx in
            tx.scores.deferReplays = group.first?.deferReplays ?? false
            var summaries: [IngestSummary] = []
            for job in group {
                summaries.append(
                    try await EventStore.ingest(
                        job.messages, jsonColumns: job.jsonColumns, leadInputs: job.leadInputs, writeKeyId: job.writeKeyId, in: tx))
            }
            return summaries
        }
    }
}
