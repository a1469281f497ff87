import Foundation
import SQLKit
import TandemCore

/// What one pass of the SLA clock did.
public struct SLAReport: Sendable, Hashable {
    public var breached = 0
    public var reassigned = 0
    public var assigned = 0
}

/// Runs the SLA clock: marks hand-offs overdue (notifying the rep and queuing `sla.breached`),
/// moves them to another rep after the second limit, and assigns waiting hand-offs once a rep
/// has room. Each step claims its rows with a conditional update, so two servers running the
/// clock at once never act twice on one hand-off.
public struct SLAMonitor: Sendable {
    let database: Database

    @discardableResult
    public func check(now: Double) async throws -> SLAReport {
        var report = SLAReport()
        report.breached = try await markBreaches(now: now)
        let (reassigned, assigned) = try await reroute(now: now)
        report.reassigned = reassigned
        report.assigned = assigned
        return report
    }

    private func markBreaches(now: Double) async throws -> Int {
        try await database.write(now: now, actor: .system) { tx in
            let db = tx.db
            let rows = try await db.update("handoffs").set("breached_at", to: SQLBind(now))
                .where("status", .equal, SQLBind(HandOffStatus.open.rawValue)).where("breached_at", .is, SQLLiteral.null)
                .where("due_at", .lessThanOrEqual, SQLBind(now))
                .returning(HandOff.columns).all().map(HandOff.decode)
            guard !rows.isEmpty else { return 0 }
            var leads: [Lead.ID: Lead] = [:]
            for lead in try await db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
                .where("id", .in, SQLBind.group(rows.map(\.leadId))).all().map(LeadRow.decode)
            {
                leads[lead.id] = lead
            }
            for handOff in rows {
                guard let lead = leads[handOff.leadId] else { continue }
                if let owner = handOff.owner {
                    tx.notify(owner, .slaBreached, leadId: lead.id, message: HandOffTexts.slaBreached(lead))
                }
                let payload = LifecyclePayload(
                    lead: lead, fit: handOff.fit, engagement: handOff.engagement, handOffId: handOff.id, owner: handOff.owner,
                    routingReason: handOff.routingReason, dueAt: handOff.dueAt, at: now)
                tx.emit(LifecycleEvent(.slaBreached, leadId: lead.id, payload: payload.json(reason: HandOffTexts.slaBreachedReason)))
            }
            return rows.count
        }
    }

    /// Reassigns hand-offs past their second limit and assigns unassigned ones.
    private func reroute(now: Double) async throws -> (reassigned: Int, assigned: Int) {
        try await database.write(now: now, actor: .system) { tx in
            let db = tx.db
            let waiting = try await db.select().columns(HandOff.columns).from("handoffs")
                .where { group in
                    group.where("status", .equal, SQLBind(HandOffStatus.unassigned.rawValue))
                        .orWhere {
                            $0.where("status", .equal, SQLBind(HandOffStatus.open.rawValue)).where(
                                "reassign_at", .lessThanOrEqual, SQLBind(now))
                        }
                }
                .orderBy("id").limit(500).all().map(HandOff.decode)
            guard !waiting.isEmpty else { return (0, 0) }
            let routing = try await RoutingSession(on: db, now: now)
            var reassigned = 0
            var assigned = 0
            for handOff in waiting {
                guard let lead = try await LeadStore.find(id: handOff.leadId, on: db), lead.stage == .mql else {
                    try await db.update("handoffs").set("status", to: SQLBind(HandOffStatus.closed.rawValue))
                        .where("id", .equal, SQLBind(handOff.id)).run()
                    continue
                }
                let account = try await AccountFacts.load(ids: Set([lead.accountId].compactMap { $0 }), on: db).values.first
                // A reassignment goes to someone else: the current owner sits this one out.
                let decision = routing.route(
                    FitSubject(lead: lead, account: account), accountOwner: handOff.owner == nil ? account?.owner : nil,
                    excluding: handOff.owner)
                guard let owner = decision.owner else {
                    if handOff.status == .open {
                        // Nobody else can take it: stop trying until someone sets a new limit.
                        try await db.update("handoffs").set("reassign_at", to: SQLLiteral.null).where("id", .equal, SQLBind(handOff.id))
                            .run()
                    }
                    continue
                }
                let (due, reassignAt) = routing.deadlines(from: now)
                if handOff.status == .open {
                    try await HandOver.move(
                        handOff, of: lead, to: owner,
                        routingReason: HandOffTexts.reassignedRouting(from: handOff.owner, routing: decision.reason),
                        previousOwnerNotice: HandOffTexts.reassigned(lead, to: owner), deadlines: (due, reassignAt), in: tx)
                    reassigned += 1
                } else {
                    try await db.update("handoffs").set("status", to: SQLBind(HandOffStatus.open.rawValue)).set("owner", to: SQLBind(owner))
                        .set("assigned_at", to: SQLBind(now)).set("due_at", to: SQLBind(due)).set("reassign_at", to: SQLBind(reassignAt))
                        .set("routing_reason", to: SQLBind(decision.reason)).where("id", .equal, SQLBind(handOff.id)).run()
                    try await HandOver.assignLead(
                        lead, to: owner, handOffId: handOff.id, fit: handOff.fit, engagement: handOff.engagement, reason: decision.reason,
                        due: due, in: tx)
                    assigned += 1
                }
            }
            try await routing.finish(on: db)
            return (reassigned, assigned)
        }
    }
}
