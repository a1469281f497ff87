import Crypto
import Foundation
import SQLKit
import TandemCore

/// A signed-in browser: whose it is and the token its forms must carry.
public struct Session: Sendable, Hashable {
    public let user: User
    /// Sent back in every form; a cross-site page cannot read it, so cannot forge a form.
    public let csrfToken: String
    public let expiresAt: Double
}

/// Sessions live in the database, not in server memory, so any server behind a load balancer
/// recognises them and signing out ends them everywhere. The cookie holds a random token; the
/// table holds only its SHA-256.
public struct SessionStore: Sendable {
    let database: Database
    /// How long a session lives without use; each use extends it.
    public let idleLifetime: Double

    public init(database: Database, idleLifetime: Double = TimeSpan.hours(12)) {
        self.database = database
        self.idleLifetime = idleLifetime
    }

    /// Opens a session for `user` and returns the token to put in the cookie.
    public func create(for user: User, userAgent: String?, ip: String?, now: Double) async throws
        -> (token: String, session: Session)
    {
        let token = APIKeyStore.randomToken(length: 43)
        let csrf = APIKeyStore.randomToken(length: 43)
        try await database.write { db in
            try await db.delete(from: "sessions").where("expires_at", .lessThan, SQLBind(now)).run()
            try await db.insert(into: "sessions")
                .columns("token_hash", "user_id", "csrf_token", "created_at", "last_seen_at", "expires_at", "user_agent", "ip")
                .values(
                    SQLBind(Self.hash(token)), SQLBind(user.id), SQLBind(csrf), SQLBind(now), SQLBind(now), SQLBind(now + idleLifetime),
                    SQLBind(userAgent.map { String($0.prefix(300)) }), SQLBind(ip)
                )
                .run()
        }
        return (token, Session(user: user, csrfToken: csrf, expiresAt: now + idleLifetime))
    }

    /// The live session of `token` whose user is enabled, or `nil` (unknown, tampered, expired, disabled).
    public func find(token: String, now: Double) async throws -> Session? {
        guard token.utf8.count <= 100 else { return nil }
        let found = try await database.read { db -> (Session, Double)? in
            guard
                let row = try await db.select().columns(User.columns(table: "users"))
                    .column(SQLColumn("csrf_token", table: "sessions")).column(SQLColumn("expires_at", table: "sessions"))
                    .column(SQLColumn("last_seen_at", table: "sessions"))
                    .from("sessions").join("users", on: SQLColumn("user_id", table: "sessions"), .equal, SQLColumn("id", table: "users"))
                    .where(SQLColumn("token_hash", table: "sessions"), .equal, SQLBind(Self.hash(token)))
                    .where(SQLColumn("expires_at", table: "sessions"), .greaterThan, SQLBind(now))
                    .first()
            else { return nil }
            let user = try User.decode(row)
            guard !user.disabled else { return nil }
            let session = Session(
                user: user, csrfToken: try row.decode(column: "csrf_token", as: String.self),
                expiresAt: try row.decode(column: "expires_at", as: Double.self))
            return (session, try row.decode(column: "last_seen_at", as: Double.self))
        }
        guard let (session, lastSeen) = found else { return nil }
        // Extend the idle lifetime at most once a minute, so reading pages is not a write each time.
        if now - lastSeen > 60 {
            try await database.write { db in
                try await db.update("sessions").set("last_seen_at", to: SQLBind(now)).set("expires_at", to: SQLBind(now + idleLifetime))
                    .where("token_hash", .equal, SQLBind(Self.hash(token))).run()
            }
        }
        return session
    }

    /// Ends the session of `token`, if any.
    public func delete(token: String) async throws {
        try await database.write { db in
            try await db.delete(from: "sessions").where("token_hash", .equal, SQLBind(Self.hash(token))).run()
        }
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
