import SQLKit

/// Each person's own time zone; empty means the workspace's.
struct UsersAddTimeZone: Migration {
    let name = "UsersAddTimeZone"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl("ALTER TABLE users ADD COLUMN time_zone TEXT", engine: engine)
    }
}

/// Team leads: sales reps who move their team's hand-offs between its reps.
struct UsersAddTeamLead: Migration {
    let name = "UsersAddTeamLead"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl("ALTER TABLE users ADD COLUMN team_lead BOOLEAN NOT NULL DEFAULT FALSE", engine: engine)
    }
}

/// Sales activities: calls, emails, meetings and notes logged on leads, read by the lead's
/// timeline newest first.
struct CreateSalesActivityTable: Migration {
    let name = "CreateSalesActivityTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE sales_activities (
                id {id},
                lead_id BIGINT NOT NULL REFERENCES leads(id),
                kind TEXT NOT NULL,
                outcome TEXT,
                occurred_at {time} NOT NULL,
                duration_minutes BIGINT,
                subject TEXT,
                notes TEXT,
                actor TEXT NOT NULL,
                logged_at {time} NOT NULL
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX sales_activities_lead ON sales_activities (lead_id, occurred_at)", engine: engine)
        try await db.ddl("CREATE INDEX sales_activities_occurred ON sales_activities (occurred_at)", engine: engine)
    }
}

/// The leads list's saved views: a person's, or shared with their team.
struct CreateSavedViewTable: Migration {
    let name = "CreateSavedViewTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE saved_views (
                id {id},
                owner_id BIGINT NOT NULL REFERENCES users(id),
                name TEXT NOT NULL,
                query TEXT NOT NULL,
                team TEXT,
                created_at {time} NOT NULL
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX saved_views_owner ON saved_views (owner_id)", engine: engine)
        try await db.ddl("CREATE INDEX saved_views_team ON saved_views (team)", engine: engine)
    }
}
