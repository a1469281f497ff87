import Foundation
import SQLKit
import TandemCore

/// A `sales_activities` row.
struct SalesActivityRow: TableRow {
    let id: Int64
    let leadId: Int64
    let kind: String
    let outcome: String?
    let occurredAt: Double
    let durationMinutes: Int?
    let subject: String?
    let notes: String?
    let actor: String
    let loggedAt: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, outcome, subject, notes, actor
        case leadId = "lead_id", occurredAt = "occurred_at", durationMinutes = "duration_minutes", loggedAt = "logged_at"
    }

    /// A row of a kind or outcome this version does not know reads as a note, so a newer
    /// writer's rows still show.
    var activity: SalesActivity {
        SalesActivity(
            id: SalesActivity.ID(id), leadId: Lead.ID(leadId), kind: SalesActivityKind(rawValue: kind) ?? .note,
            outcome: outcome.flatMap(SalesActivityOutcome.init(rawValue:)), occurredAt: occurredAt, durationMinutes: durationMinutes,
            subject: subject, notes: notes, actor: actor, loggedAt: loggedAt)
    }
}

/// Logs and lists sales activities.
public struct SalesActivityStore: Sendable {
    let database: Database

    /// Stores an activity on a lead, audited. When `touchedBy` (the rep who did it) holds the
    /// lead's waiting hand-off, a call, email or meeting after the assignment is the rep's first
    /// touch: speed to lead runs to it. Throws `notFound` for a lead that does not exist.
    public func log(
        _ input: SalesActivityInput, leadId: Lead.ID, by actor: Actor, touchedBy: String?, now: Double
    ) async throws -> SalesActivity {
        try await database.write { db in
            guard let lead = try await LeadStore.find(id: leadId, on: db) else { throw LeadNotFound(id: leadId) }
            let row = try await db.insert(into: "sales_activities")
                .columns("lead_id", "kind", "outcome", "occurred_at", "duration_minutes", "subject", "notes", "actor", "logged_at")
                .values(
                    SQLBind(leadId), SQLBind(input.kind.rawValue), SQLBind(input.outcome?.rawValue), SQLBind(input.occurredAt),
                    SQLBind(input.durationMinutes), SQLBind(input.subject), SQLBind(input.notes), SQLBind(actor.name), SQLBind(now)
                )
                .returning(SalesActivityRow.columns).requiredRow("a new sales activity")
            let activity = try SalesActivityRow.decode(row).activity
            if input.kind.touchesTheLead, let touchedBy {
                try await db.update("handoffs").set("first_touch_at", to: SQLBind(input.occurredAt))
                    .where("lead_id", .equal, SQLBind(leadId)).where("owner", .equal, SQLBind(touchedBy))
                    .where("status", .in, SQLBind.group(HandOffStatus.waiting.map(\.rawValue)))
                    .where("first_touch_at", .is, SQLLiteral.null).where("assigned_at", .lessThanOrEqual, SQLBind(input.occurredAt))
                    .run()
            }
            try await AuditTrail.append(
                actor.entry(
                    "lead.activity_logged", "lead", leadId.description,
                    "logged \(ActivityTexts.phrase(activity)) with \(lead.displayName)"),
                at: now, on: db)
            return activity
        }
    }

    /// A lead's activities, newest first, all before `before` when given.
    public func list(leadId: Lead.ID, limit: Int = 100, before: Double? = nil) async throws -> [SalesActivity] {
        try await database.read { db in
            var query = db.select().columns(SalesActivityRow.columns).from("sales_activities").where("lead_id", .equal, SQLBind(leadId))
            if let before { query = query.where("occurred_at", .lessThan, SQLBind(before)) }
            return try await query.orderBy("occurred_at", .descending).orderBy("id", .descending).limit(limit).all()
                .map { try SalesActivityRow.decode($0).activity }
        }
    }
}

/// How activities read in summaries: "a call (connected)", "a note".
public enum ActivityTexts {
    public static func phrase(_ activity: SalesActivity) -> String {
        let noun = activity.kind.label.lowercased()
        let article = activity.kind == .email ? "an" : "a"
        guard let outcome = activity.outcome else { return "\(article) \(noun)" }
        return "\(article) \(noun) (\(outcome.label.lowercased()))"
    }
}
