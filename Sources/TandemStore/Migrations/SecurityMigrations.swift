import SQLKit

// Columns and tables added to make hostile input harmless (issue 9).

/// The web origins a write key accepts browser requests from (comma-separated; empty: any).
struct APIKeyAddAllowedOrigins: Migration {
    let name = "APIKeyAddAllowedOrigins"
    func apply(on db: any SQLDatabase, engine: Engine) async throws {
        try await db.ddl("ALTER TABLE api_keys ADD COLUMN allowed_origins TEXT NOT NULL DEFAULT ''", engine: engine)
    }
}
