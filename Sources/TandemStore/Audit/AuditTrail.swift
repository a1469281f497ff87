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

    /// Entries newest first, before the cursor `beforeId`, optionally of one action area (`user`, `lead`…).
    public func list(beforeId: StoredAuditEntry.ID? = nil, subjectType: String? = nil, limit: Int = 50) async throws -> [StoredAuditEntry] {
        try await database.read { db in
            var query = db.select().columns(StoredAuditEntry.columns).from("audit_log")
            if let beforeId { query = query.where("id", .lessThan, SQLBind(beforeId)) }
            if let subjectType { query = query.where("subject_type", .equal, SQLBind(subjectType)) }
            return try await query.orderBy("id", .descending).limit(min(max(limit, 1), 500)).all().map(StoredAuditEntry.decode)
        }
    }
}
