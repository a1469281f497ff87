import Foundation
import SQLKit
import TandemCore

/// Turns ready leads into MQLs and hands each to a rep, inside the caller's transaction: the
/// stage change, the owner, the hand-off with its SLA clock and the outbox events are stored
/// together or not at all.
struct HandOffWriter {
    let db: any SQLDatabase
    let now: Double

    static let ruleActor = StageActor.rule("mql_threshold")

    func handOffReady(_ scored: [ScoredLead], model: ScoringModel) async throws {
        try await flagCallNow(scored.filter { $0.callNow && $0.lead.stage == .mql }, model: model)
        let candidates = scored.filter { HandOffPolicy.nurtureStages.contains($0.lead.stage) }
        guard !candidates.isEmpty else { return }
        let recycledAt = try await recycleTimes(candidates.filter { $0.lead.stage == .recycled }.map(\.lead.id))
        let ready = candidates.filter {
            HandOffPolicy.isReady(
                stage: $0.lead.stage, fit: $0.fit, engagement: $0.engagement, recycledAt: recycledAt[$0.lead.id], now: now, model: model)
        }
        guard !ready.isEmpty else { return }
        let routing = try await RoutingSession(on: db, now: now)
        for candidate in ready {
            let decision = routing.route(candidate.subject, accountOwner: candidate.accountOwner)
            try await handOff(candidate, decision: decision, routing: routing, model: model)
        }
        try await routing.finish(on: db)
    }

    private func handOff(_ candidate: ScoredLead, decision: RoutingDecision, routing: RoutingSession, model: ScoringModel) async throws {
        let lead = candidate.lead
        let reason =
            "fit \(Self.format(candidate.fit)) ≥ \(Self.format(model.mql.fit)) and engagement \(Self.format(candidate.engagement)) ≥ \(Self.format(model.mql.engagement))"
        var update = db.update("leads").set("stage", to: SQLBind(LifecycleStage.mql.rawValue)).set("updated_at", to: SQLBind(now))
        if let owner = decision.owner { update = update.set("owner", to: SQLBind(owner)) }
        try await update.where("id", .equal, SQLBind(lead.id)).run()
        try await db.insert(into: "stage_changes").columns("lead_id", "from_stage", "to_stage", "changed_at", "actor", "reason")
            .values(
                SQLBind(lead.id), SQLBind(lead.stage.rawValue), SQLBind(LifecycleStage.mql.rawValue), SQLBind(now),
                SQLBind(Self.ruleActor.description), SQLBind(reason)
            ).run()
        let deadlines = routing.deadlines(from: now)
        let due = decision.owner == nil ? nil : deadlines.due
        let reassign = decision.owner == nil ? nil : deadlines.reassignAt
        let handOffId = try await db.insert(into: "handoffs")
            .columns(
                "lead_id", "owner", "status", "routing_reason", "fit", "engagement", "created_at", "assigned_at", "due_at", "reassign_at",
                "call_now_at"
            )
            .values(
                SQLBind(lead.id), SQLBind(decision.owner), SQLBind(decision.owner == nil ? "unassigned" : "open"), SQLBind(decision.reason),
                SQLBind(candidate.fit), SQLBind(candidate.engagement), SQLBind(now), SQLBind(decision.owner.map { _ in now }), SQLBind(due),
                SQLBind(reassign), SQLBind(candidate.callNow ? now : nil)
            ).returning("id").requiredRow("a new hand-off").decode(column: "id", as: Int64.self)
        var promoted = lead
        promoted.stage = .mql
        if let owner = decision.owner { promoted.owner = owner }
        let payload = LifecyclePayload(
            lead: promoted, fit: candidate.fit, engagement: candidate.engagement, handOffId: handOffId, owner: decision.owner,
            routingReason: decision.reason, dueAt: due, at: now)
        try await Outbox.append("lead.mql", leadId: lead.id, payload: payload.json(reason: reason), at: now, on: db)
        if let owner = decision.owner {
            try await Outbox.append("lead.assigned", leadId: lead.id, payload: payload.json(reason: decision.reason), at: now, on: db)
            let message =
                candidate.callNow
                ? "Call now: \(promoted.displayNameWithCompany) is showing buying intent right now"
                : "New MQL for you: \(promoted.displayNameWithCompany)"
            try await NotificationStore.append(
                to: owner, kind: candidate.callNow ? "call_now" : "assigned", leadId: lead.id, message: message, at: now, on: db)
        }
    }

    /// Raises the call-now signal on open hand-offs whose lead shows a burst of intent, once per
    /// window, and tells the rep.
    private func flagCallNow(_ scored: [ScoredLead], model: ScoringModel) async throws {
        guard !scored.isEmpty else { return }
        let windowStart = now - model.callNow.windowHours * 3600
        let flagged = try await db.update("handoffs").set("call_now_at", to: SQLBind(now))
            .where("lead_id", .in, SQLBind.group(scored.map(\.lead.id))).where("status", .equal, SQLBind("open"))
            .where { $0.where("call_now_at", .is, SQLLiteral.null).orWhere("call_now_at", .lessThan, SQLBind(windowStart)) }
            .returning("lead_id", "owner").all()
        let leads = Dictionary(scored.map { ($0.lead.id, $0.lead) }, uniquingKeysWith: { first, _ in first })
        for row in flagged {
            let leadId = try row.decode(column: "lead_id", as: Int64.self)
            guard let owner = try row.decode(column: "owner", as: String?.self), let lead = leads[leadId] else { continue }
            try await NotificationStore.append(
                to: owner, kind: "call_now", leadId: leadId,
                message: "Call now: \(lead.displayNameWithCompany) is showing buying intent right now",
                at: now, on: db)
        }
    }

    /// When each recycled lead was last recycled.
    private func recycleTimes(_ ids: [Int64]) async throws -> [Int64: Double] {
        guard !ids.isEmpty else { return [:] }
        var times: [Int64: Double] = [:]
        for row in try await db.select().column("lead_id").column(SQLFunction("MAX", args: SQLColumn("changed_at")), as: "at")
            .from("stage_changes").where("lead_id", .in, SQLBind.group(ids)).where("to_stage", .equal, SQLBind("recycled"))
            .groupBy("lead_id").all()
        {
            times[try row.decode(column: "lead_id", as: Int64.self)] = try row.decode(column: "at", as: Double.self)
        }
        return times
    }

    static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}

/// The body of a lifecycle event, as webhooks deliver it.
struct LifecyclePayload {
    let lead: Lead
    let fit: Double?
    let engagement: Double?
    let handOffId: Int64?
    let owner: String?
    let routingReason: String?
    let dueAt: Double?
    let at: Double

    func json(reason: String?) -> JSONValue {
        var leadMembers: [String: JSONValue] = ["id": .number(Double(lead.id)), "stage": .string(lead.stage.rawValue)]
        for (key, value) in [
            ("email", lead.email), ("first_name", lead.firstName), ("last_name", lead.lastName), ("title", lead.title),
            ("company", lead.company), ("owner", lead.owner),
        ] {
            if let value { leadMembers[key] = .string(value) }
        }
        if let fit { leadMembers["fit"] = .number((fit * 10).rounded() / 10) }
        if let engagement { leadMembers["engagement"] = .number((engagement * 10).rounded() / 10) }
        var members: [String: JSONValue] = ["lead": .object(leadMembers), "occurred_at": .string(Timestamp.format(at))]
        if let handOffId {
            var handOff: [String: JSONValue] = ["id": .number(Double(handOffId))]
            if let owner { handOff["owner"] = .string(owner) }
            if let routingReason { handOff["routing_reason"] = .string(routingReason) }
            if let dueAt { handOff["due_at"] = .string(Timestamp.format(dueAt)) }
            members["handoff"] = .object(handOff)
        }
        if let reason { members["reason"] = .string(reason) }
        return .object(members)
    }
}
