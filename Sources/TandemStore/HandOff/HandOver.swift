import Foundation
import SQLKit
import TandemCore

/// Moving an open hand-off to another rep, whether the SLA clock does it or a person does: the
/// old hand-off ends as `reassigned`, a new one starts with its own SLA clock, the lead changes
/// owner, both reps are told and `lead.assigned` is queued, all in the caller's unit of work.
enum HandOver {
    /// Returns the new hand-off's id.
    @discardableResult
    static func move(
        _ handOff: HandOff, of lead: Lead, to owner: String, routingReason: String, previousOwnerNotice: String,
        deadlines: (due: Double, reassignAt: Double?), in tx: UnitOfWork
    ) async throws -> HandOff.ID {
        let now = tx.now
        try await tx.db.update("handoffs").set("status", to: SQLBind(HandOffStatus.reassigned.rawValue))
            .set("responded_at", to: SQLBind(now)).where("id", .equal, SQLBind(handOff.id)).run()
        let successor = NewHandOff(
            leadId: lead.id, owner: owner, routingReason: routingReason, fit: handOff.fit, engagement: handOff.engagement, createdAt: now,
            assignedAt: now, dueAt: deadlines.due, reassignAt: deadlines.reassignAt)
        let id = try await HandOffRecords.insert([successor], on: tx.db).first ?? handOff.id
        if let previous = handOff.owner { tx.notify(previous, .reassigned, leadId: lead.id, message: previousOwnerNotice) }
        try await assignLead(
            lead, to: owner, handOffId: id, fit: handOff.fit, engagement: handOff.engagement, reason: routingReason,
            due: deadlines.due, in: tx)
        return id
    }

    /// The lead's new owner, told, and announced as `lead.assigned`.
    static func assignLead(
        _ lead: Lead, to owner: String, handOffId: HandOff.ID, fit: Double, engagement: Double, reason: String, due: Double?,
        in tx: UnitOfWork
    ) async throws {
        try await tx.db.update("leads").set("owner", to: SQLBind(owner)).set("updated_at", to: SQLBind(tx.now))
            .where("id", .equal, SQLBind(lead.id)).run()
        var routed = lead
        routed.owner = owner
        tx.notify(owner, .assigned, leadId: lead.id, message: HandOffTexts.assigned(lead))
        let payload = LifecyclePayload(
            lead: routed, fit: fit, engagement: engagement, handOffId: handOffId, owner: owner, routingReason: reason, dueAt: due,
            at: tx.now)
        tx.emit(LifecycleEvent(.leadAssigned, leadId: lead.id, payload: payload.json(reason: reason)))
    }
}
