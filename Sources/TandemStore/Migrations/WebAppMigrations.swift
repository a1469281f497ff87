import SQLKit

// The tables of the web application: people, their sessions, what they changed, and settings.

struct CreateUserTable: Migration {
    let name = "CreateUserTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE users (
                id {id},
                email TEXT NOT NULL,
                email_normalized TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                team TEXT,
                password_hash TEXT NOT NULL,
                disabled BOOLEAN NOT NULL DEFAULT FALSE,
                created_at {time} NOT NULL,
                updated_at {time} NOT NULL
            )
            """, engine: engine)
    }
}

struct CreateSessionTable: Migration {
    let name = "CreateSessionTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        // Only the SHA-256 of the cookie's token is kept: a leaked table opens no session.
        try await db.ddl(
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id),
                csrf_token TEXT NOT NULL,
                created_at {time} NOT NULL,
                last_seen_at {time} NOT NULL,
                expires_at {time} NOT NULL,
                user_agent TEXT,
                ip TEXT
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX sessions_user ON sessions (user_id)", engine: engine)
    }
}

struct CreateAuditLogTable: Migration {
    let name = "CreateAuditLogTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE audit_log (
                id {id},
                at {time} NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject_type TEXT NOT NULL,
                subject_id TEXT,
                summary TEXT NOT NULL,
                ip TEXT
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, id)", engine: engine)
    }
}

struct CreateSettingTable: Migration {
    let name = "CreateSettingTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE settings (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at {time} NOT NULL
            )
            """, engine: engine)
    }
}

struct APIKeyAddOwner: Migration {
    let name = "APIKeyAddOwner"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        // A sales key acts for one rep and sees that rep's leads, as the rep does in the app.
        try await db.ddl("ALTER TABLE api_keys ADD COLUMN owner_email TEXT", engine: engine)
    }
}

struct CreateInterviewTable: Migration {
    let name = "CreateInterviewTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        // Buyer interviews: the raw material of personas. Tags are a JSON array of strings.
        try await db.ddl(
            """
            CREATE TABLE interviews (
                id {id},
                lead_id BIGINT REFERENCES leads(id),
                account_id BIGINT REFERENCES accounts(id),
                interviewer TEXT NOT NULL,
                conducted_at {time} NOT NULL,
                title TEXT NOT NULL,
                notes TEXT NOT NULL,
                tags TEXT NOT NULL DEFAULT '[]',
                created_at {time} NOT NULL
            )
            """, engine: engine)
        try await db.ddl("CREATE INDEX interviews_lead ON interviews (lead_id)", engine: engine)
    }
}

struct CreateSignInFailureTable: Migration {
    let name = "CreateSignInFailureTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl("CREATE TABLE sign_in_failures (key TEXT NOT NULL, at {time} NOT NULL)", engine: engine)
        try await db.ddl("CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at)", engine: engine)
    }
}
