import Foundation
import SQLKit
import TandemCore

/// Writes a `SeedData` into an empty database in one transaction, many rows per statement:
/// 200,000 events load in seconds, where one insert per row would take minutes.
public struct BulkLoader: Sendable {
    let database: Database

    /// Loads `seed`; refuses a database that already has leads or users, so demo data never
    /// mixes with real data.
    public func load(_ seed: SeedData, now: Double) async throws {
        let engine = database.engine
        try await database.write { db in
            let existing = try await db.select().column("id").from("leads").limit(1).first()
            let existingUser = try await db.select().column("id").from("users").limit(1).first()
            guard existing == nil, existingUser == nil else {
                throw ValidationError(
                    code: "not_empty", field: "database",
                    message: "the database already has leads or users; demo data goes only into an empty database")
            }
            try await Self.insert(
                db, engine: engine, table: "users",
                columns: [
                    "email", "email_normalized", "name", "role", "team", "password_hash", "disabled", "created_at", "updated_at",
                    "team_lead",
                ],
                rows: seed.users.map { user -> [any Encodable & Sendable] in
                    [
                        user.email, user.email.lowercased(), user.name, user.role.rawValue, user.team, user.passwordHash, false,
                        user.createdAt, user.createdAt, user.teamLead,
                    ]
                })
            try await Self.insert(
                db, engine: engine, table: "accounts",
                columns: ["id", "domain", "name", "industry", "size", "owner", "attributes", "created_at", "updated_at"],
                rows: seed.accounts.map { a -> [any Encodable & Sendable] in
                    [a.id, a.domain, a.name, a.industry, Int64(clamping: a.size), a.owner, "{}", a.createdAt, a.createdAt]
                })
            try await Self.insert(
                db, engine: engine, table: "leads",
                columns: [
                    "id", "email", "email_normalized", "user_id", "first_name", "last_name", "title", "company", "phone", "country",
                    "industry", "company_size", "source", "owner", "stage", "account_id", "attributes", "created_at", "updated_at",
                ],
                rows: seed.leads.map { seedLead -> [any Encodable & Sendable] in
                    let l = seedLead.lead
                    let size: Int64? = l.companySize.map(Int64.init)
                    return [
                        l.id, l.email, l.email?.lowercased(), l.userId, l.firstName, l.lastName, l.title, l.company, l.phone, l.country,
                        l.industry, size, l.source, l.owner, l.stage.rawValue, l.accountId, JSONValue.object(l.attributes).jsonText,
                        l.createdAt, l.updatedAt,
                    ]
                })
            try await Self.insert(
                db, engine: engine, table: "stage_changes",
                columns: ["lead_id", "from_stage", "to_stage", "changed_at", "actor", "reason"],
                rows: seed.stageChanges.map { s -> [any Encodable & Sendable] in
                    [s.leadId, s.change.from?.rawValue, s.change.to.rawValue, s.change.at, s.change.actor.description, s.change.reason]
                })
            try await Self.insert(
                db, engine: engine, table: "events",
                columns: [
                    "message_id", "type", "name", "lead_id", "user_id", "anonymous_id", "occurred_at", "received_at", "url",
                    "campaign_name", "campaign_source", "campaign_medium", "campaign_term", "campaign_content", "properties", "context",
                ],
                rows: seed.events.map { e -> [any Encodable & Sendable] in
                    [
                        e.messageId, e.type.rawValue, e.name, e.leadId, e.userId, e.anonymousId, e.occurredAt, e.occurredAt, e.url,
                        e.campaign.name, e.campaign.source, e.campaign.medium, e.campaign.term, e.campaign.content,
                        JSONValue.object(e.properties).jsonText, "{}",
                    ]
                })
            try await Self.insert(
                db, engine: engine, table: "interviews",
                columns: ["lead_id", "account_id", "interviewer", "conducted_at", "title", "notes", "tags", "created_at"],
                rows: seed.interviews.map { i -> [any Encodable & Sendable] in
                    [
                        i.leadId, i.accountId, i.interviewer, i.conductedAt, i.title, i.notes,
                        JSONValue.array(i.tags.map(JSONValue.string)).jsonText,
                        i.conductedAt,
                    ]
                })
            for (name, value) in [("workspace_name", seed.settings.workspaceName), ("time_zone", seed.settings.timeZone)] {
                try await db.delete(from: "settings").where("name", .equal, SQLBind(name)).run()
                try await db.insert(into: "settings").columns("name", "value", "updated_at")
                    .values(SQLBind(name), SQLBind(value), SQLBind(now)).run()
            }
            // Rows came with their own ids; move PostgreSQL's identity sequences past them.
            // (SQLite's AUTOINCREMENT follows explicit ids by itself.)
            if engine == .postgres {
                for table in ["accounts", "leads"] {
                    try await db.raw(
                        "SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'), COALESCE((SELECT MAX(id) FROM \(ident: table)), 1))"
                    ).run()
                }
            }
        }
    }

    /// Inserts `rows` in statements of as many rows as the engine's bound-parameter limit allows.
    private static func insert(
        _ db: any SQLDatabase, engine: Engine, table: String, columns: [String], rows: [[any Encodable & Sendable]]
    ) async throws {
        guard !rows.isEmpty else { return }
        // SQLite allows 32,766 parameters per statement, PostgreSQL 65,535.
        let limit = engine == .sqlite ? 32_000 : 65_000
        let perStatement = max(1, limit / columns.count)
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            var query = db.insert(into: table).columns(columns)
            for row in rows[start..<end] {
                query = query.values(row.map { SQLBind($0) })
            }
            try await query.run()
            start = end
        }
    }
}
