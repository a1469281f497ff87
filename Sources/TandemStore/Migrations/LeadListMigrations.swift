import Foundation
import SQLKit
import TandemCore

/// Keys that sort the leads list by score with an index (`ScoreOrder`): the fit band, the
/// engagement rank, and the time of the lead's latest scored event.
struct LeadScoresAddSortKeys: Migration {
    let name = "LeadScoresAddSortKeys"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl("ALTER TABLE lead_scores ADD COLUMN fit_band INTEGER NOT NULL DEFAULT 3", engine: engine)
        try await db.ddl("ALTER TABLE lead_scores ADD COLUMN engagement_rank {time} NOT NULL DEFAULT 0", engine: engine)
        try await db.ddl("ALTER TABLE lead_scores ADD COLUMN last_event_at {time}", engine: engine)
        try await db.ddl("CREATE INDEX lead_scores_grade ON lead_scores (fit_band, engagement_rank)", engine: engine)
        try await db.ddl("CREATE INDEX lead_scores_engagement ON lead_scores (engagement_rank)", engine: engine)
        try await db.ddl("CREATE INDEX lead_scores_fit ON lead_scores (fit)", engine: engine)
        try await db.ddl("CREATE INDEX lead_scores_last_event ON lead_scores (last_event_at)", engine: engine)
        // Scores kept before have no keys yet: a re-score under the model in force writes them,
        // in the background, with its progress on the scoring page.
        try await db.queueRescore(when: "EXISTS (SELECT 1 FROM lead_scores)")
    }
}

/// The last moment each lead's call-now signal holds (`EngagementState.callNowUntil`), so the
/// inbox ranks and filters hundreds of open hand-offs without reading each lead's state. Rows
/// kept before it have `NULL` and are read from their state until a re-scoring, queued here
/// unless one is already waiting, writes it.
struct LeadScoresAddCallNowUntil: Migration {
    let name = "LeadScoresAddCallNowUntil"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl("ALTER TABLE lead_scores ADD COLUMN call_now_until {time}", engine: engine)
        try await db.queueRescore(
            when: """
                EXISTS (SELECT 1 FROM lead_scores WHERE model_version >= 0)
                    AND NOT EXISTS (SELECT 1 FROM score_jobs WHERE status = \(bind: ScoreJobStatus.pending.rawValue))
                """)
    }
}

extension SQLDatabase {
    /// Queues one re-score of every lead under the model in force, run in the background with
    /// its progress on the scoring page, when `condition` holds.
    fileprivate func queueRescore(when condition: SQLQueryString) async throws {
        try await raw(
            """
            INSERT INTO score_jobs (model_version, status, total, created_at)
            SELECT COALESCE((SELECT MAX(version) FROM scoring_models), 0), \(bind: ScoreJobStatus.pending.rawValue),
                (SELECT COUNT(*) FROM leads), \(bind: Date().timeIntervalSince1970)
            WHERE \(condition)
            """
        ).run()
    }
}
