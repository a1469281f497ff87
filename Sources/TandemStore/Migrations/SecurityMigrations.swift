import SQLKit

// Columns and tables added to make hostile input harmless (issue 9).

/// The web origins a write key accepts browser requests from (comma-separated; empty: any).
struct APIKeyAddAllowedOrigins: Migration {
    let name = "APIKeyAddAllowedOrigins"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl("ALTER TABLE api_keys ADD COLUMN allowed_origins TEXT NOT NULL DEFAULT ''", engine: engine)
    }
}

/// Browsers a person has signed in from: they pass the per-address sign-in limit, so credential
/// stuffing from an office's address does not lock its people out.
struct CreateTrustedDeviceTable: Migration {
    let name = "CreateTrustedDeviceTable"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl(
            """
            CREATE TABLE trusted_devices (
                token_hash TEXT PRIMARY KEY,
                email TEXT NOT NULL,
                created_at {time} NOT NULL
            )
            """, engine: engine)
    }
}

/// A lead whose kept score waits for a replay of its history outside the ingest transaction
/// (a late event on a long history, or an import of history in any order).
struct LeadScoresAddReplayQueued: Migration {
    let name = "LeadScoresAddReplayQueued"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl("ALTER TABLE lead_scores ADD COLUMN replay_queued BOOLEAN NOT NULL DEFAULT FALSE", engine: engine)
        try await db.ddl("CREATE INDEX lead_scores_replay_queued ON lead_scores (replay_queued, lead_id)", engine: engine)
    }
}
