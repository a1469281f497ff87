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

/// In-app notifications and webhook subscriptions with their deliveries.
struct CreateNotificationAndWebhookTables: Migration {
    let name = "CreateNotificationAndWebhookTables"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE notifications (
                id {id},
                recipient TEXT NOT NULL,
                kind TEXT NOT NULL,
                lead_id BIGINT,
                message TEXT NOT NULL,
                created_at {time} NOT NULL,
                read_at {time}
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX notifications_recipient ON notifications (recipient, id)", engine: engine)
        try await db.ddl(
            """
            CREATE TABLE webhooks (
                id {id},
                url TEXT NOT NULL,
                topics TEXT NOT NULL,
                format TEXT NOT NULL,
                secret TEXT NOT NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at {time} NOT NULL,
                created_by TEXT NOT NULL
            )
            """, engine: engine)
        // One delivery per (outbox event, webhook); its id travels in the request for de-duplication.
        try await db.ddl(
            """
            CREATE TABLE webhook_deliveries (
                id {id},
                delivery_id TEXT NOT NULL UNIQUE,
                webhook_id BIGINT NOT NULL REFERENCES webhooks(id),
                outbox_id BIGINT NOT NULL REFERENCES outbox(id),
                topic TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at {time} NOT NULL,
                created_at {time} NOT NULL,
                delivered_at {time},
                UNIQUE (webhook_id, outbox_id)
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)", engine: engine)
        try await db.ddl("CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id)", engine: engine)
        try await db.ddl(
            """
            CREATE TABLE webhook_attempts (
                id {id},
                delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries(id),
                attempted_at {time} NOT NULL,
                status_code BIGINT,
                error TEXT,
                duration_ms {time} NOT NULL
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id)", engine: engine)
    }
}
