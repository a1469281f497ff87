import SQLKit
import TandemCore

/// One move of a lead between stages, as every writer hands it to `LeadLifecycle`.
struct StageMove {
    /// The lead as it stands after the move: its new stage, and its new owner when routing
    /// gave it one.
    var lead: Lead
    /// The stage it leaves; `nil` for a lead created by this write.
    var from: LifecycleStage?
    var actor: StageActor
    var reason: String?
    var at: Double
    /// How sales answered the lead's hand-off, when this move is that answer.
    var answer: HandOffAnswer?
    /// The hand-off this move opens: the MQL rule's automatic hand-off.
    var opening: HandOffOpening?

    var to: LifecycleStage { lead.stage }
}

/// Sales' answer from the inbox: the code of a rejection and the rep's comment.
struct HandOffAnswer {
    let rejection: RejectionReason?
    let comment: String?
}

/// What the automatic hand-off knows when it opens one: the routing decision, the scores and
/// the SLA deadlines.
struct HandOffOpening {
    let decision: RoutingDecision
    let fit: Double
    let engagement: Double
    let callNow: Bool
    let dueAt: Double?
    let reassignAt: Double?
}

/// The one way a lead's stage changes. Every writer goes through it: lead writes from the API,
/// forms, imports and tracking; the inbox's answers; the MQL rule. It checks the transition,
/// writes the history row, opens or closes the hand-off, and emits the lifecycle events,
/// notifications and audit entries into the unit of work. Deals will move leads through it too.
enum LeadLifecycle {
    /// Moves one lead whose row is otherwise unchanged, and records the move.
    /// - Returns: the lead as stored after the move.
    @discardableResult
    static func move(
        _ lead: Lead, to stage: LifecycleStage, reason: String?, actor: StageActor, owner: String? = nil,
        answer: HandOffAnswer? = nil, opening: HandOffOpening? = nil, in tx: UnitOfWork
    ) async throws -> Lead {
        if let refusal = StageTransitions.check(from: lead.stage, to: stage, actor: actor, reason: reason) { throw refusal }
        var moved = lead
        moved.stage = stage
        moved.updatedAt = tx.now
        var update = tx.db.update("leads").set("stage", to: SQLBind(stage.rawValue)).set("updated_at", to: SQLBind(tx.now))
        if let owner {
            moved.owner = owner
            update = update.set("owner", to: SQLBind(owner))
        }
        try await update.where("id", .equal, SQLBind(lead.id)).run()
        try await record(
            [StageMove(lead: moved, from: lead.stage, actor: actor, reason: reason, at: tx.now, answer: answer, opening: opening)],
            in: tx)
        return moved
    }

    /// A rep takes back their answer: the lead is an MQL again and its hand-off open, as if
    /// the answer had not been given (the SLA clock keeps its due time; the speed to lead that
    /// the answer set is cleared). The move back is recorded, as every move is, and audited.
    static func reopen(_ lead: Lead, handOff: HandOff, in tx: UnitOfWork) async throws {
        let reason = HandOffTexts.undone(handOff.status)
        try await tx.db.update("leads").set("stage", to: SQLBind(LifecycleStage.mql.rawValue)).set("updated_at", to: SQLBind(tx.now))
            .where("id", .equal, SQLBind(lead.id)).run()
        try await tx.db.insert(into: "stage_changes").columns("lead_id", "from_stage", "to_stage", "changed_at", "actor", "reason")
            .values(
                SQLBind(lead.id), SQLBind(lead.stage.rawValue), SQLBind(LifecycleStage.mql.rawValue), SQLBind(tx.now),
                SQLBind(tx.actor.description), SQLBind(reason)
            ).run()
        var update = tx.db.update("handoffs").set("status", to: SQLBind(HandOffStatus.open.rawValue))
            .set("responded_at", to: SQLLiteral.null).set("reason_code", to: SQLLiteral.null).set("comment", to: SQLLiteral.null)
        if handOff.firstTouchAt == handOff.respondedAt { update = update.set("first_touch_at", to: SQLLiteral.null) }
        try await update.where("id", .equal, SQLBind(handOff.id)).run()
        tx.audit(
            AuditEntry(
                actor: tx.actor.description, action: "handoff.answer_undone", subjectType: "lead", subjectId: lead.id.description,
                summary: "\(reason): \(lead.displayNameWithCompany) is an MQL again"),
            at: tx.now)
    }

    /// Records moves whose lead rows the caller has just written (the set-based lead writer):
    /// the history rows in one statement, then each move's hand-off, events and audit entry.
    static func record(_ moves: [StageMove], in tx: UnitOfWork) async throws {
        guard !moves.isEmpty else { return }
        for move in moves {
            if let refusal = StageTransitions.check(from: move.from, to: move.to, actor: move.actor, reason: move.reason) {
                throw refusal
            }
        }
        var insert = tx.db.insert(into: "stage_changes").columns("lead_id", "from_stage", "to_stage", "changed_at", "actor", "reason")
        for move in moves {
            insert = insert.values(
                SQLBind(move.lead.id), SQLBind(move.from?.rawValue), SQLBind(move.to.rawValue), SQLBind(move.at),
                SQLBind(move.actor.description), SQLBind(move.reason))
        }
        try await insert.run()
        for move in moves {
            if move.from == .mql, move.to != .mql { try await closeHandOff(move, in: tx) }
            if let opening = move.opening { try await openHandOff(move, opening, in: tx) }
            if move.actor.isAccountable {
                tx.audit(
                    AuditEntry(
                        actor: move.actor.description, action: "lead.stage_changed", subjectType: "lead",
                        subjectId: move.lead.id.description,
                        summary: LifecycleTexts.stageChanged(from: move.from, to: move.to, reason: move.reason)),
                    at: move.at)
            }
        }
    }

    /// A lead leaving `mql` ends its waiting hand-off. The rep's own answer (from the inbox, or
    /// the rep moving the stage) accepts or rejects it: forward is an acceptance, backward a
    /// rejection. Anyone else's move (marketing, an admin, a key, an import, a rule) closes it
    /// with their reason: the rep is credited with no answer and no speed to lead, so sales'
    /// figures show only what sales did.
    private static func closeHandOff(_ move: StageMove, in tx: UnitOfWork) async throws {
        let accepted = (move.to.funnelRank ?? 0) > (LifecycleStage.mql.funnelRank ?? 0)
        let waiting = try await tx.db.select().columns(HandOff.columns).from("handoffs")
            .where("lead_id", .equal, SQLBind(move.lead.id)).where("status", .in, SQLBind.group(HandOffStatus.waiting.map(\.rawValue)))
            .all().map(HandOff.decode)
        guard let newest = waiting.max(by: { $0.id < $1.id }) else { return }
        var update = tx.db.update("handoffs")
        if move.answer != nil || move.actor.isPerson(newest.owner) {
            update = update.set("status", to: SQLBind((accepted ? HandOffStatus.accepted : .rejected).rawValue))
                .set("responded_at", to: SQLBind(move.at)).set(
                    "comment", to: SQLBind(move.answer.map(\.comment) ?? (accepted ? nil : move.reason))
                )
                .set("reason_code", to: SQLBind(move.answer?.rejection?.rawValue))
                .set("first_touch_at", to: SQLQueryString("COALESCE(first_touch_at, \(bind: move.at))"))
        } else {
            update = update.set("status", to: SQLBind(HandOffStatus.closed.rawValue))
                .set("comment", to: SQLBind(HandOffTexts.closedBy(move.actor.description, reason: move.reason)))
        }
        let closed = try await update.where("id", .in, SQLBind.group(waiting.map(\.id))).returning(HandOff.columns).all()
            .map(HandOff.decode)
        guard let handOff = closed.max(by: { $0.id < $1.id }) else { return }
        let payload = LifecyclePayload(
            lead: move.lead, fit: handOff.fit, engagement: handOff.engagement, handOffId: handOff.id, owner: handOff.owner,
            routingReason: nil, dueAt: handOff.dueAt, at: move.at)
        // The inbox's acceptance says nothing more than its topic; every other close says why.
        let json = payload.json(reason: move.answer != nil && accepted ? nil : move.reason)
        tx.emit(LifecycleEvent(accepted ? .leadAccepted : .leadRejected, leadId: move.lead.id, payload: json), at: move.at)
        if move.to == .recycled { tx.emit(LifecycleEvent(.leadRecycled, leadId: move.lead.id, payload: json), at: move.at) }
    }

    /// The MQL rule's hand-off: stored with its SLA clock, announced, and the rep told.
    private static func openHandOff(_ move: StageMove, _ opening: HandOffOpening, in tx: UnitOfWork) async throws {
        let owner = opening.decision.owner
        let handOff = NewHandOff(
            leadId: move.lead.id, owner: owner, routingReason: opening.decision.reason, fit: opening.fit,
            engagement: opening.engagement, createdAt: move.at, assignedAt: owner.map { _ in move.at }, dueAt: opening.dueAt,
            reassignAt: opening.reassignAt, callNowAt: opening.callNow ? move.at : nil)
        let ids = try await HandOffRecords.insert([handOff], on: tx.db)
        let payload = LifecyclePayload(
            lead: move.lead, fit: opening.fit, engagement: opening.engagement, handOffId: ids.first, owner: owner,
            routingReason: opening.decision.reason, dueAt: opening.dueAt, at: move.at)
        tx.emit(LifecycleEvent(.leadMQL, leadId: move.lead.id, payload: payload.json(reason: move.reason)), at: move.at)
        guard let owner else { return }
        tx.emit(LifecycleEvent(.leadAssigned, leadId: move.lead.id, payload: payload.json(reason: opening.decision.reason)), at: move.at)
        tx.notify(
            owner, opening.callNow ? .callNow : .assigned, leadId: move.lead.id,
            message: opening.callNow ? HandOffTexts.callNow(move.lead) : HandOffTexts.assigned(move.lead))
    }
}

extension StageActor {
    /// Whether this is the person with `email` acting themselves (any case).
    func isPerson(_ email: String?) -> Bool {
        guard case .user(let name) = self, let email else { return false }
        return name.lowercased() == email.lowercased()
    }

    /// A person's or a key's hand on the lifecycle is audited; rules, imports and tracking
    /// have their own trail in `stage_changes`.
    var isAccountable: Bool {
        switch self {
        case .user, .apiKey: return true
        case .rule, .importFile, .tracking, .system: return false
        }
    }
}
