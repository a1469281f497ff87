import Foundation
import SQLKit
import TandemCore

extension User: TableRow {}

/// People who sign in: created by an admin, by `tandem user create`, or once by the first
/// visitor. Passwords arrive already hashed; this store never sees one in clear.
public struct UserStore: Sendable {
    let database: Database

    /// How many users exist; none means the first visitor may create the first admin.
    public func count() async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users")
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    /// Creates a user; refuses an email another user has.
    public func create(_ input: UserInput, passwordHash: String, by actor: Actor, now: Double)
        async throws -> User
    {
        try await database.write { db in try await Self.insert(input, passwordHash: passwordHash, by: actor, now: now, on: db) }
    }

    /// Creates the first admin, only while no user exists; returns `nil` when someone got there first.
    public func createFirstAdmin(
        _ input: UserInput, passwordHash: String, by actor: Actor, now: Double
    ) async throws -> User? {
        try await database.write { db in
            // Two first visitors at once on PostgreSQL: the lock makes the second see the first's row.
            // SQLite has one writer, so its transactions are already one after the other.
            if database.engine == .postgres {
                try await db.raw("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE").run()
            }
            let existing = try await db.select().column("id").from("users").limit(1).first()
            guard existing == nil else { return nil }
            return try await Self.insert(input, passwordHash: passwordHash, by: actor, now: now, on: db)
        }
    }

    private static func insert(_ input: UserInput, passwordHash: String, by actor: Actor, now: Double, on db: any SQLDatabase)
        async throws -> User
    {
        let taken = try await db.select().column("id").from("users")
            .where("email_normalized", .equal, SQLBind(input.email.normalized)).first()
        guard taken == nil else {
            throw ValidationError(code: "duplicate", field: "email", message: "a user with the email \(input.email.value) exists")
        }
        let id = try await db.insert(into: "users")
            .columns("email", "email_normalized", "name", "role", "team", "password_hash", "disabled", "created_at", "updated_at")
            .values(
                SQLBind(input.email.value), SQLBind(input.email.normalized), SQLBind(input.name), SQLBind(input.role.rawValue),
                SQLBind(input.team), SQLBind(passwordHash), SQLBind(false), SQLBind(now), SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: User.ID.self)
        guard let id else { throw DatabaseError.unavailable("the user was not stored") }
        let team = input.team.map { " in \($0)" } ?? ""
        try await AuditTrail.append(
            actor.entry("user.created", "user", id.description, "created \(input.email.value) as \(input.role.label)\(team)"), at: now,
            on: db)
        return User(
            id: id, email: input.email.value, name: input.name, role: input.role, team: input.team, disabled: false, createdAt: now)
    }

    public func get(id: User.ID) async throws -> User? {
        try await database.read { db in
            try await db.select().columns(User.columns).from("users").where("id", .equal, SQLBind(id))
                .first().map(User.decode)
        }
    }

    /// The user with this email (any case) and their password hash, for signing in.
    public func credentials(email: String) async throws -> (user: User, passwordHash: String)? {
        try await database.read { db in
            guard
                let row = try await db.select().columns(User.columns + [SQLColumn("password_hash")]).from("users")
                    .where("email_normalized", .equal, SQLBind(email.trimmed.lowercased())).first()
            else { return nil }
            return (try User.decode(row), try row.decode(column: "password_hash", as: String.self))
        }
    }

    /// Every user, by name.
    public func list() async throws -> [User] {
        try await database.read { db in
            try await db.select().columns(User.columns).from("users").orderBy("name").orderBy("id").all()
                .map(User.decode)
        }
    }

    /// Changes a user's role, team, team leadership or access. Disabling ends their sessions at
    /// once. `teamLead` `nil` keeps it as it is.
    public func update(
        id: User.ID, role: Role, team: String?, disabled: Bool, teamLead: Bool? = nil, by actor: Actor, now: Double
    ) async throws -> User? {
        try await database.write { db in
            guard
                let current = try await db.select().columns(User.columns).from("users")
                    .where("id", .equal, SQLBind(id)).first().map(User.decode)
            else { return nil }
            let team = team?.trimmed.isEmpty == false ? team?.trimmed : nil
            var changes: [String] = []
            if current.role != role { changes.append("role \(current.role.label) → \(role.label)") }
            if current.team != team { changes.append("team \(current.team ?? "none") → \(team ?? "none")") }
            if current.disabled != disabled { changes.append(disabled ? "disabled" : "enabled") }
            let teamLead = teamLead ?? current.teamLead
            if current.teamLead != teamLead { changes.append(teamLead ? "now leads their team" : "no longer leads a team") }
            guard !changes.isEmpty else { return current }
            try await db.update("users").set("role", to: SQLBind(role.rawValue)).set("team", to: SQLBind(team))
                .set("disabled", to: SQLBind(disabled)).set("team_lead", to: SQLBind(teamLead)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).run()
            if disabled {
                try await db.delete(from: "sessions").where("user_id", .equal, SQLBind(id)).run()
            }
            try await AuditTrail.append(
                actor.entry("user.updated", "user", id.description, "\(current.email): \(changes.joined(separator: ", "))"), at: now, on: db
            )
            var updated = current
            updated.role = role
            updated.team = team
            updated.disabled = disabled
            updated.teamLead = teamLead
            return updated
        }
    }

    /// Sets a new password and ends every session of the user but `keepSession`.
    /// Sets the zone `id` reads times in; nil goes back to the workspace's. The caller checks
    /// that the zone exists.
    public func setTimeZone(id: User.ID, _ zone: String?, by actor: Actor, now: Double) async throws {
        try await database.write { db in
            try await db.update("users").set("time_zone", to: SQLBind(zone)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).run()
            try await AuditTrail.append(
                actor.entry("user.time_zone_changed", "user", id.description, "reads times in \(zone ?? "the workspace's zone")"), at: now,
                on: db)
        }
    }

    public func setPassword(
        id: User.ID, passwordHash: String, keepSession: String? = nil, by actor: Actor, now: Double
    ) async throws {
        try await database.write { db in
            try await db.update("users").set("password_hash", to: SQLBind(passwordHash)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).run()
            var sessions = db.delete(from: "sessions").where("user_id", .equal, SQLBind(id))
            if let keepSession { sessions = sessions.where("token_hash", .notEqual, SQLBind(SessionStore.hash(keepSession))) }
            try await sessions.run()
            let email =
                try await db.select().column("email").from("users").where("id", .equal, SQLBind(id))
                .first(decodingColumn: "email", as: String.self) ?? "user \(id)"
            try await AuditTrail.append(
                actor.entry("user.password_changed", "user", id.description, "set a new password for \(email)"), at: now, on: db)
        }
    }
}
