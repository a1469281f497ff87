import Foundation
import SQLKit
import TandemCore

/// Turns ready leads into MQLs and hands each to a rep, inside the unit of work that scored
/// them: the stage change, the owner, the hand-off with its SLA clock and the outbox events are
/// stored together or not at all.
struct HandOffWriter {
    let tx: UnitOfWork

    static let ruleActor = StageActor.mqlRule

    func handOffReady(_ scored: [ScoredLead], model: ScoringModel) async throws {
        let now = tx.now
        try await flagCallNow(scored.filter { $0.callNow && $0.lead.stage == .mql }, model: model)
        let candidates = scored.filter { HandOffPolicy.nurtureStages.contains($0.lead.stage) }
        guard !candidates.isEmpty else { return }
        let recycledAt = try await Self.recycleTimes(candidates.filter { $0.lead.stage == .recycled }.map(\.lead.id), on: tx.db)
        let ready = candidates.filter {
            HandOffPolicy.isReady(
                stage: $0.lead.stage, fit: $0.fit, engagement: $0.engagement, recycledAt: recycledAt[$0.lead.id], now: now, model: model)
                && StageTransitions.isAllowed(from: $0.lead.stage, to: .mql, actor: Self.ruleActor, reason: "ready")
        }
        guard !ready.isEmpty else { return }
        let routing = try await RoutingSession(on: tx.db, now: now)
        for candidate in ready {
            let decision = routing.route(candidate.subject, accountOwner: candidate.accountOwner)
            let deadlines = routing.deadlines(from: now)
            let opening = HandOffOpening(
                decision: decision, fit: candidate.fit, engagement: candidate.engagement, callNow: candidate.callNow,
                dueAt: decision.owner == nil ? nil : deadlines.due, reassignAt: decision.owner == nil ? nil : deadlines.reassignAt)
            try await LeadLifecycle.move(
                candidate.lead, to: .mql,
                reason: HandOffTexts.mqlReason(fit: candidate.fit, engagement: candidate.engagement, thresholds: model.mql),
                actor: Self.ruleActor, owner: decision.owner, opening: opening, in: tx)
        }
        try await routing.finish(on: tx.db)
    }

    /// Raises the call-now signal on open hand-offs whose lead shows a burst of intent, once per
    /// window, and tells the rep.
    private func flagCallNow(_ scored: [ScoredLead], model: ScoringModel) async throws {
        guard !scored.isEmpty else { return }
        let windowStart = tx.now - TimeSpan.hours(model.callNow.windowHours)
        let flagged = try await tx.db.update("handoffs").set("call_now_at", to: SQLBind(tx.now))
            .where("lead_id", .in, SQLBind.group(scored.map(\.lead.id))).where("status", .equal, SQLBind(HandOffStatus.open.rawValue))
            .where { $0.where("call_now_at", .is, SQLLiteral.null).orWhere("call_now_at", .lessThan, SQLBind(windowStart)) }
            .returning("lead_id", "owner").all()
        let leads = Dictionary(scored.map { ($0.lead.id, $0.lead) }, uniquingKeysWith: { first, _ in first })
        for row in flagged {
            let leadId = try row.leadID()
            guard let owner = try row.decode(column: "owner", as: String?.self), let lead = leads[leadId] else { continue }
            tx.notify(owner, .callNow, leadId: leadId, message: HandOffTexts.callNow(lead))
        }
    }

    /// When each recycled lead was last recycled: the cool-down runs from there.
    static func recycleTimes(_ ids: [Lead.ID], on db: any SQLDatabase) async throws -> [Lead.ID: Double] {
        guard !ids.isEmpty else { return [:] }
        var times: [Lead.ID: Double] = [:]
        for row in try await db.select().column("lead_id").column(SQLFunction("MAX", args: SQLColumn("changed_at")), as: "at")
            .from("stage_changes").where("lead_id", .in, SQLBind.group(ids))
            .where("to_stage", .equal, SQLBind(LifecycleStage.recycled.rawValue))
            .groupBy("lead_id").all()
        {
            times[try row.leadID()] = try row.decode(column: "at", as: Double.self)
        }
        return times
    }
}
