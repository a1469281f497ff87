import Foundation
import SQLKit
import TandemCore

/// A re-scoring of every lead under one model version, with its progress.
public struct ScoreJob: Sendable, Hashable, Decodable, TableRow {
    public let id: Int64
    public let modelVersion: Int64
    public let status: ScoreJobStatus
    public let total: Int
    public let done: Int
    public let createdAt: Double
    public let finishedAt: Double?
    public let error: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, status, total, done, error
        case modelVersion = "model_version", createdAt = "created_at", finishedAt = "finished_at"
    }

    public var fractionDone: Double { total == 0 ? (status == .done ? 1 : 0) : min(1, Double(done) / Double(total)) }
}

/// Queues re-scoring jobs and lets one server at a time work each, in chunks that each commit
/// on their own: a restart resumes from the last chunk, and ingest never waits long.
public struct ScoreJobStore: Sendable {
    let database: Database

    static func enqueue(version: Int64, now: Double, on db: any SQLDatabase) async throws -> ScoreJob {
        // A newer model supersedes any pending re-score.
        try await db.update("score_jobs").set("status", to: SQLBind(ScoreJobStatus.superseded.rawValue)).set(
            "finished_at", to: SQLBind(now)
        )
        .where("status", .in, SQLBind.group(ScoreJobStatus.active.map(\.rawValue))).run()
        let total = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("leads")
            .requiredRow("the lead count").decode(column: "count", as: Int.self)
        let row = try await db.insert(into: "score_jobs").columns("model_version", "status", "total", "created_at")
            .values(SQLBind(version), SQLBind(ScoreJobStatus.pending.rawValue), SQLBind(total), SQLBind(now))
            .returning(ScoreJob.columns).requiredRow("a new re-scoring job")
        return try ScoreJob.decode(row)
    }

    /// Queues a re-score of every lead under the current model (`tandem score rebuild`).
    public func enqueueRebuild(now: Double) async throws -> ScoreJob {
        try await database.write { db in
            let model = try await database.scoringModelCache.model(on: db)
            return try await Self.enqueue(version: model.version, now: now, on: db)
        }
    }

    public func latest() async throws -> ScoreJob? {
        try await database.read { db in
            try await db.select().columns(ScoreJob.columns).from("score_jobs").orderBy("id", .descending).first()
                .map(ScoreJob.decode)
        }
    }

    public func get(id: Int64) async throws -> ScoreJob? {
        try await database.read { db in
            try await db.select().columns(ScoreJob.columns).from("score_jobs").where("id", .equal, SQLBind(id)).first()
                .map(ScoreJob.decode)
        }
    }

    /// Runs the oldest waiting job, if any, to its end. Returns it, or `nil` when none waits.
    ///
    /// A job is leased for a minute and the lease renewed with each chunk: if its server dies,
    /// another takes it over from its cursor once the lease runs out.
    @discardableResult
    public func runNext(clock: any WallClock, chunkSize: Int = 1000) async throws -> ScoreJob? {
        let leaseSeconds = 60.0
        let waiting = try await database.read { db in
            try await db.select().column("id").from("score_jobs").where("status", .in, SQLBind.group(ScoreJobStatus.active.map(\.rawValue)))
                .limit(1)
                .first()
                != nil
        }
        guard waiting else { return nil }
        let claimed: (id: Int64, version: Int64, cursor: Int64)? = try await database.write { db in
            let now = clock.now()
            let free = SQLQueryString("(leased_until IS NULL OR leased_until < \(bind: now))")
            let waiting = try await db.select().columns("id", "model_version", "cursor_lead_id").from("score_jobs")
                .where("status", .in, SQLBind.group(ScoreJobStatus.active.map(\.rawValue))).where(free)
                .orderBy("id").limit(1).first()
            guard let row = waiting else { return nil }
            let id = try row.decode(column: "id", as: Int64.self)
            try await db.update("score_jobs").set("status", to: SQLBind(ScoreJobStatus.running.rawValue)).set(
                "leased_until", to: SQLBind(now + leaseSeconds)
            )
            .set("started_at", to: SQLQueryString("COALESCE(started_at, \(bind: now))")).where("id", .equal, SQLBind(id)).run()
            return (id, try row.decode(column: "model_version", as: Int64.self), try row.decode(column: "cursor_lead_id", as: Int64.self))
        }
        guard let claimed else { return nil }
        var cursor = claimed.cursor
        while true {
            let position = cursor
            let next: Int64? = try await database.write(now: clock.now(), actor: .system) { tx in
                let db = tx.db
                let now = tx.now
                let status = try await db.select().column("status").from("score_jobs").where("id", .equal, SQLBind(claimed.id)).first()?
                    .decode(column: "status", as: String.self)
                guard status == ScoreJobStatus.running.rawValue else { return nil }  // superseded by a newer model
                let ids = try await db.select().column("id").from("leads").where("id", .greaterThan, SQLBind(position)).orderBy("id")
                    .limit(chunkSize).all().map { try $0.leadID("id") }
                guard let last = ids.last?.rawValue else {
                    try await db.update("score_jobs").set("status", to: SQLBind(ScoreJobStatus.done.rawValue)).set(
                        "finished_at", to: SQLBind(now)
                    )
                    .set("leased_until", to: SQLLiteral.null).where("id", .equal, SQLBind(claimed.id)).run()
                    return nil
                }
                tx.scores.replay.formUnion(ids)
                try await db.update("score_jobs").set("cursor_lead_id", to: SQLBind(last))
                    .set("done", to: SQLQueryString("done + \(bind: ids.count)"))
                    .set("leased_until", to: SQLBind(now + leaseSeconds)).where("id", .equal, SQLBind(claimed.id)).run()
                return last
            }
            guard let next else { break }
            cursor = next
        }
        return try await get(id: claimed.id)
    }
}
