import SQLKit
import TandemCore

/// A hand-off about to be stored.
struct NewHandOff {
    let leadId: Lead.ID
    let owner: String?
    let routingReason: String
    let fit: Double
    let engagement: Double
    let createdAt: Double
    var assignedAt: Double?
    var dueAt: Double?
    var reassignAt: Double?
    var breachedAt: Double?
    var callNowAt: Double?

    /// A hand-off with a rep is open; without one it waits for routing.
    var status: HandOffStatus { owner == nil ? .unassigned : .open }
}

/// The `handoffs` table's rows: inserting and reading, without policy.
enum HandOffRecords {
    /// The one place hand-offs are inserted. Returns their ids in the order given.
    @discardableResult
    static func insert(_ handOffs: [NewHandOff], on db: any SQLDatabase) async throws -> [HandOff.ID] {
        guard !handOffs.isEmpty else { return [] }
        var insert = db.insert(into: "handoffs").columns(
            "lead_id", "owner", "status", "routing_reason", "fit", "engagement", "created_at", "assigned_at", "due_at", "reassign_at",
            "breached_at", "call_now_at")
        for handOff in handOffs {
            insert = insert.values(
                SQLBind(handOff.leadId), SQLBind(handOff.owner), SQLBind(handOff.status.rawValue), SQLBind(handOff.routingReason),
                SQLBind(handOff.fit), SQLBind(handOff.engagement), SQLBind(handOff.createdAt), SQLBind(handOff.assignedAt),
                SQLBind(handOff.dueAt), SQLBind(handOff.reassignAt), SQLBind(handOff.breachedAt), SQLBind(handOff.callNowAt))
        }
        // One statement's ids rise in the order of its rows on both engines; RETURNING's own
        // order is unspecified on SQLite, so they are sorted.
        let ids: [HandOff.ID] = try await insert.returning("id").all().map { try $0.id() }.sorted()
        guard ids.count == handOffs.count else { throw DatabaseError.missingRow("\(handOffs.count) new hand-offs") }
        return ids
    }

    /// The lead's newest hand-off that waits for `owner`'s answer.
    static func waiting(leadId: Lead.ID, on db: any SQLDatabase) async throws -> HandOff? {
        try await db.select().columns(HandOff.columns).from("handoffs")
            .where("lead_id", .equal, SQLBind(leadId)).where("status", .equal, SQLBind(HandOffStatus.open.rawValue))
            .orderBy("id", .descending).first().map(HandOff.decode)
    }
}
