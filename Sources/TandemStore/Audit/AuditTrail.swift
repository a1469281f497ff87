import Foundation
import SQLKit
import TandemCore

/// A stored audit entry.
public struct StoredAuditEntry: Sendable, Hashable, Identifiable {
    public typealias ID = EntityID<StoredAuditEntry>

    public let id: ID
    public let at: Double
    public let entry: AuditEntry
}

extension StoredAuditEntry: TableRow {
    /// Its own columns, then the entry's.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, at
        case actor, action, summary, ip, subjectType = "subject_type", subjectId = "subject_id"
    }

    /// The entry is read from the same row: its columns sit beside the id and the time.
    public init(from decoder: any Decoder) throws {
        let row = try decoder.container(keyedBy: CodingKeys.self)
        id = try row.decode(ID.self, forKey: .id)
        at = try row.decode(Double.self, forKey: .at)
        entry = try AuditEntry(from: decoder)
    }
}

/// Which entries of the audit log to read: all filters optional, combined with AND.
public struct AuditFilter: Sendable, Hashable {
    /// Who acted, exactly as stored (`user:EMAIL`, `api_key:NAME`, `cli`).
    public var actor: String?
    /// The area of the action, the part before its dot: `user`, `key`, `lead`, `setting`…
    public var area: String?
    /// Entries at or after this time, and before `until`.
    public var since: Double?
    public var until: Double?
    /// The page before this entry (newest first).
    public var beforeId: StoredAuditEntry.ID?
    public var limit = 50

    public init() {}
}

/// The audit log. Entries are appended inside the transaction of the change they describe, so
/// a change is never without its entry and an entry never without its change.
public struct AuditTrail: Sendable {
    let database: Database

    /// Appends `entry` on `db`, the transaction of the change it records.
    static func append(_ entry: AuditEntry, at: Double, on db: any SQLDatabase) async throws {
        try await append([(entry, at)], on: db)
    }

    /// Writes the entries a unit of work collected, in one statement.
    static func append(_ entries: [(entry: AuditEntry, at: Double)], on db: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        var insert = db.insert(into: "audit_log").columns("at", "actor", "action", "subject_type", "subject_id", "summary", "ip")
        for (entry, at) in entries {
            insert = insert.values(
                SQLBind(at), SQLBind(entry.actor), SQLBind(entry.action), SQLBind(entry.subjectType), SQLBind(entry.subjectId),
                SQLBind(entry.summary), SQLBind(entry.ip))
        }
        try await insert.run()
    }

    /// Appends an entry that has no other write with it, such as a sign-in.
    public func append(_ entry: AuditEntry, now: Double) async throws {
        try await database.write { db in try await Self.append(entry, at: now, on: db) }
    }

    /// Entries newest first, before the cursor `beforeId`, optionally of one subject type (`user`, `lead`…).
    public func list(beforeId: StoredAuditEntry.ID? = nil, subjectType: String? = nil, limit: Int = 50) async throws -> [StoredAuditEntry] {
        try await database.read { db in
            var query = db.select().columns(StoredAuditEntry.columns).from("audit_log")
            if let beforeId { query = query.where("id", .lessThan, SQLBind(beforeId)) }
            if let subjectType { query = query.where("subject_type", .equal, SQLBind(subjectType)) }
            return try await query.orderBy("id", .descending).limit(min(max(limit, 1), 500)).all().map(StoredAuditEntry.decode)
        }
    }

    /// The entries `filter` matches, newest first.
    public func list(_ filter: AuditFilter) async throws -> [StoredAuditEntry] {
        try await database.read { db in
            var query = db.select().columns(StoredAuditEntry.columns).from("audit_log")
            if let beforeId = filter.beforeId { query = query.where("id", .lessThan, SQLBind(beforeId)) }
            if let actor = filter.actor { query = query.where("actor", .equal, SQLBind(actor)) }
            if let area = filter.area {
                // The area is the action's prefix; `_` and `%` in it are taken literally.
                query = query.where(SQLQueryString("action LIKE \(bind: LeadStore.escapeLike(area) + ".%") ESCAPE '\\'"))
            }
            if let since = filter.since { query = query.where("at", .greaterThanOrEqual, SQLBind(since)) }
            if let until = filter.until { query = query.where("at", .lessThan, SQLBind(until)) }
            return try await query.orderBy("id", .descending).limit(min(max(filter.limit, 1), 500)).all().map(StoredAuditEntry.decode)
        }
    }

    /// Everyone who has acted, most recent first, for the log's filter.
    public func actors(limit: Int = 200) async throws -> [String] {
        try await database.read { db in
            try await db.select().column("actor").column(SQLFunction("MAX", args: SQLColumn("id")), as: "latest").from("audit_log")
                .groupBy("actor").orderBy("latest", .descending).limit(limit).all().map { try $0.decode(column: "actor", as: String.self) }
        }
    }
}
