import Foundation
import SQLKit
import TandemCore

/// Corrections to a hand-off by people: an admin or a team lead moves it to another rep, or a rep takes back
/// the answer they just gave.
extension HandOffStore {
    /// How long after answering a rep may take the answer back.
    public static let undoWindow = 10 * 60.0

    /// Hands a waiting MQL to `rep`, with a new SLA clock; the previous rep is told. The caller
    /// checks that `rep` is an active sales rep and that `actor` may do it.
    /// - Parameter onlyFrom: the (lower-cased) owners whose hand-offs `actor` may move, checked
    ///   against the owner in the transaction (a team lead's team); `nil` for any.
    @discardableResult
    public func reassign(leadId: Lead.ID, to rep: String, by actor: String, now: Double, onlyFrom: Set<String>? = nil)
        async throws -> Lead
    {
        try await database.write(now: now, actor: .user(actor)) { tx in
            guard let lead = try await LeadStore.find(id: leadId, on: tx.db) else { throw HandOffError.leadNotFound(leadId) }
            let waiting = try await tx.db.select().columns(HandOff.columns).from("handoffs").where("lead_id", .equal, SQLBind(leadId))
                .where("status", .in, SQLBind.group(HandOffStatus.waiting.map(\.rawValue))).orderBy("id", .descending).first()
                .map(HandOff.decode)
            guard lead.stage == .mql, let handOff = waiting else { throw HandOffError.notWaiting(leadId, stage: lead.stage) }
            if let onlyFrom, !onlyFrom.contains(handOff.owner?.lowercased() ?? "") { throw HandOffError.notYours(leadId) }
            guard handOff.owner?.lowercased() != rep.lowercased() else {
                throw ValidationError(code: "invalid_value", field: "owner", message: "the hand-off is already with \(rep)")
            }
            let deadlines = try await RoutingSession(on: tx.db, now: now).deadlines(from: now)
            let reason = HandOffTexts.reassignedBy(actor, from: handOff.owner)
            if handOff.status == .open {
                try await HandOver.move(
                    handOff, of: lead, to: rep, routingReason: reason,
                    previousOwnerNotice: HandOffTexts.movedAway(lead, to: rep, by: actor), deadlines: deadlines, in: tx)
            } else {
                try await tx.db.update("handoffs").set("status", to: SQLBind(HandOffStatus.open.rawValue)).set("owner", to: SQLBind(rep))
                    .set("assigned_at", to: SQLBind(now)).set("due_at", to: SQLBind(deadlines.due))
                    .set("reassign_at", to: SQLBind(deadlines.reassignAt)).set("routing_reason", to: SQLBind(reason))
                    .where("id", .equal, SQLBind(handOff.id)).run()
                try await HandOver.assignLead(
                    lead, to: rep, handOffId: handOff.id, fit: handOff.fit, engagement: handOff.engagement, reason: reason,
                    due: deadlines.due, in: tx)
            }
            tx.audit(
                AuditEntry(
                    actor: StageActor.user(actor).description, action: "handoff.reassigned", subjectType: "lead",
                    subjectId: leadId.description, summary: "\(reason) to \(rep): \(lead.displayNameWithCompany)"),
                at: now)
            var moved = lead
            moved.owner = rep
            return moved
        }
    }

    /// Takes back `rep`'s answer given less than `undoWindow` ago, while nothing has happened
    /// to the lead since: the lead is an MQL waiting for them again, with the same SLA clock.
    /// The history keeps both the answer and its undoing.
    @discardableResult
    public func undoAnswer(leadId: Lead.ID, by rep: String, now: Double) async throws -> Lead {
        try await database.write(now: now, actor: .user(rep)) { tx in
            guard let lead = try await LeadStore.find(id: leadId, on: tx.db) else { throw HandOffError.leadNotFound(leadId) }
            guard
                let handOff = try await tx.db.select().columns(HandOff.columns).from("handoffs").where("lead_id", .equal, SQLBind(leadId))
                    .orderBy("id", .descending).first().map(HandOff.decode),
                handOff.owner?.lowercased() == rep.lowercased(), [.accepted, .rejected].contains(handOff.status),
                let answeredAt = handOff.respondedAt, now - answeredAt <= Self.undoWindow
            else { throw HandOffError.notWaiting(leadId, stage: lead.stage) }
            // Only the answer itself is taken back: a later change (a stage move, an edit) stays.
            let last = try await tx.db.select().columns(StoredStageChange.columns).from("stage_changes")
                .where("lead_id", .equal, SQLBind(leadId)).orderBy("changed_at", .descending).orderBy("id", .descending).first()
                .map(StoredStageChange.decode)
            guard let last, last.from == .mql, last.to == lead.stage, last.changedAt == answeredAt else {
                throw HandOffError.notWaiting(leadId, stage: lead.stage)
            }
            try await LeadLifecycle.reopen(lead, handOff: handOff, in: tx)
            var reopened = lead
            reopened.stage = .mql
            return reopened
        }
    }
}
