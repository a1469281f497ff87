import SQLKit

/// Every migration, in the order they apply. Append only: never edit or reorder a shipped one.
public enum TandemMigrations {
    public static let all: [any Migration] = [
        CreateAccountTable(),
        CreateLeadTable(),
        CreateStageChangeTable(),
        CreateEventTable(),
        CreateIdentityTable(),
        CreateAPIKeyTable(),
        CreateRejectedMessageTable(),
        CreateUserTable(),
        CreateSessionTable(),
        CreateAuditLogTable(),
        CreateSettingTable(),
        APIKeyAddOwner(),
        CreateInterviewTable(),
        CreateSignInFailureTable(),
        CreateScoringTables(),
        CreateHandOffTables(),
        CreateNotificationAndWebhookTables(),
        APIKeyAddAllowedOrigins(),
        CreateTrustedDeviceTable(),
        LeadScoresAddReplayQueued(),
        LeadScoresAddSortKeys(),
        CreateSalesActivityTable(),
        UsersAddTimeZone(),
        CreateSavedViewTable(),
        CreateLeadTallies(),
        CreateLeadSearchIndex(),
        CreateLeadListIndexes(),
        LeadScoresAddCallNowUntil(),
        UsersAddTeamLead(),
    ]
}

struct CreateAccountTable: Migration {
    let name = "CreateAccountTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE accounts (
                id {id},
                domain TEXT UNIQUE,
                external_id TEXT UNIQUE,
                name TEXT,
                industry TEXT,
                size BIGINT,
                owner TEXT,
                attributes TEXT NOT NULL DEFAULT '{}',
                created_at {time} NOT NULL,
                updated_at {time} NOT NULL
            )
            """, engine: engine)
    }
}

struct CreateLeadTable: Migration {
    let name = "CreateLeadTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE leads (
                id {id},
                email TEXT,
                email_normalized TEXT UNIQUE,
                user_id TEXT UNIQUE,
                first_name TEXT,
                last_name TEXT,
                title TEXT,
                company TEXT,
                phone TEXT,
                country TEXT,
                industry TEXT,
                company_size BIGINT,
                source TEXT,
                owner TEXT,
                stage TEXT NOT NULL,
                account_id BIGINT REFERENCES accounts(id),
                attributes TEXT NOT NULL DEFAULT '{}',
                created_at {time} NOT NULL,
                updated_at {time} NOT NULL
            )
            """, engine: engine)
        // Each list filter pages by id within its value.
        try await db.ddl("CREATE INDEX leads_stage_id ON leads (stage, id)", engine: engine)
        try await db.ddl("CREATE INDEX leads_owner_id ON leads (owner, id)", engine: engine)
        try await db.ddl("CREATE INDEX leads_source_id ON leads (source, id)", engine: engine)
        try await db.ddl("CREATE INDEX leads_updated_at ON leads (updated_at)", engine: engine)
        try await db.ddl("CREATE INDEX leads_account_id ON leads (account_id)", engine: engine)
    }
}

struct CreateStageChangeTable: Migration {
    let name = "CreateStageChangeTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE stage_changes (
                id {id},
                lead_id BIGINT NOT NULL REFERENCES leads(id),
                from_stage TEXT,
                to_stage TEXT NOT NULL,
                changed_at {time} NOT NULL,
                actor TEXT NOT NULL,
                reason TEXT
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX stage_changes_lead ON stage_changes (lead_id, changed_at)", engine: engine)
    }
}

struct CreateEventTable: Migration {
    let name = "CreateEventTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE events (
                id {id},
                message_id TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                name TEXT NOT NULL,
                lead_id BIGINT,
                user_id TEXT,
                anonymous_id TEXT,
                occurred_at {time} NOT NULL,
                received_at {time} NOT NULL,
                url TEXT,
                campaign_name TEXT,
                campaign_source TEXT,
                campaign_medium TEXT,
                campaign_term TEXT,
                campaign_content TEXT,
                properties TEXT NOT NULL,
                context TEXT NOT NULL,
                write_key_id BIGINT
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX events_lead_time ON events (lead_id, occurred_at)", engine: engine)
        try await db.ddl("CREATE INDEX events_anonymous_id ON events (anonymous_id)", engine: engine)
        try await db.ddl("CREATE INDEX events_user_id ON events (user_id)", engine: engine)
    }
}

struct CreateIdentityTable: Migration {
    let name = "CreateIdentityTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        // Which lead an anonymousId or userId belongs to, once known.
        try await db.ddl(
            """
            CREATE TABLE identities (
                kind TEXT NOT NULL,
                value TEXT NOT NULL,
                lead_id BIGINT NOT NULL REFERENCES leads(id),
                created_at {time} NOT NULL,
                PRIMARY KEY (kind, value)
            )
            """, engine: engine)
    }
}

struct CreateAPIKeyTable: Migration {
    let name = "CreateAPIKeyTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE api_keys (
                id {id},
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                prefix TEXT NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                created_at {time} NOT NULL,
                revoked_at {time}
            )
            """, engine: engine)
    }
}

struct CreateRejectedMessageTable: Migration {
    let name = "CreateRejectedMessageTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE rejected_messages (
                id {id},
                received_at {time} NOT NULL,
                write_key_id BIGINT,
                batch_index BIGINT,
                code TEXT NOT NULL,
                field TEXT,
                reason TEXT NOT NULL,
                payload TEXT NOT NULL
            )
            """, engine: engine)
    }
}
