import SQLKit

/// Scoring models, kept lead scores and re-scoring jobs.
struct CreateScoringTables: Migration {
    let name = "CreateScoringTables"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        // Every saved model is kept: the newest is in force, the others are its history.
        try await db.ddl(
            """
            CREATE TABLE scoring_models (
                version {id},
                document TEXT NOT NULL,
                created_at {time} NOT NULL,
                created_by TEXT NOT NULL
            )
            """, engine: engine)
        // One row per scored lead: fit, and engagement valued at `engagement_as_of` (decay
        // applies on read), with the state that lets the next event update it in O(1).
        try await db.ddl(
            """
            CREATE TABLE lead_scores (
                lead_id BIGINT PRIMARY KEY REFERENCES leads(id),
                model_version BIGINT NOT NULL,
                fit {time} NOT NULL,
                engagement {time} NOT NULL,
                engagement_as_of {time},
                state TEXT NOT NULL,
                updated_at {time} NOT NULL
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX lead_scores_version ON lead_scores (model_version)", engine: engine)
        try await db.ddl(
            """
            CREATE TABLE score_jobs (
                id {id},
                model_version BIGINT NOT NULL,
                status TEXT NOT NULL,
                total BIGINT NOT NULL DEFAULT 0,
                done BIGINT NOT NULL DEFAULT 0,
                cursor_lead_id BIGINT NOT NULL DEFAULT 0,
                leased_until {time},
                created_at {time} NOT NULL,
                started_at {time},
                finished_at {time},
                error TEXT
            )
            """, engine: engine)
    }
}

/// Hand-offs to sales, reps' routing settings, and the outbox of lifecycle events.
struct CreateHandOffTables: Migration {
    let name = "CreateHandOffTables"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE handoffs (
                id {id},
                lead_id BIGINT NOT NULL REFERENCES leads(id),
                owner TEXT,
                status TEXT NOT NULL,
                routing_reason TEXT NOT NULL,
                fit {time} NOT NULL,
                engagement {time} NOT NULL,
                created_at {time} NOT NULL,
                assigned_at {time},
                due_at {time},
                reassign_at {time},
                breached_at {time},
                first_touch_at {time},
                responded_at {time},
                reason_code TEXT,
                comment TEXT,
                call_now_at {time}
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX handoffs_lead ON handoffs (lead_id, id)", engine: engine)
        try await db.ddl("CREATE INDEX handoffs_owner_status ON handoffs (owner, status)", engine: engine)
        try await db.ddl("CREATE INDEX handoffs_status_due ON handoffs (status, due_at)", engine: engine)
        try await db.ddl("CREATE INDEX handoffs_owner_assigned ON handoffs (owner, assigned_at)", engine: engine)
        try await db.ddl(
            """
            CREATE TABLE reps (
                email TEXT PRIMARY KEY,
                weight BIGINT NOT NULL DEFAULT 1,
                available BOOLEAN NOT NULL DEFAULT TRUE,
                daily_capacity BIGINT,
                credit BIGINT NOT NULL DEFAULT 0
            )
            """, engine: engine)
        // Lifecycle events (lead.mql, lead.assigned …), written in the transaction of their
        // change; webhook delivery reads them from here.
        try await db.ddl(
            """
            CREATE TABLE outbox (
                id {id},
                topic TEXT NOT NULL,
                lead_id BIGINT,
                payload TEXT NOT NULL,
                created_at {time} NOT NULL
            )
            """, engine: engine)
    }
}
