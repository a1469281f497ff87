import Foundation
import SQLKit
import TandemCore

/// A hand-off as stored: who got the lead, why, and how sales answered.
public struct HandOff: Sendable, Hashable {
    public let id: Int64
    public let leadId: Int64
    public let owner: String?
    /// `open`, `unassigned`, `accepted`, `rejected` or `reassigned`.
    public let status: String
    public let routingReason: String
    public let fit: Double
    public let engagement: Double
    public let createdAt: Double
    public let assignedAt: Double?
    public let dueAt: Double?
    public let reassignAt: Double?
    public let breachedAt: Double?
    public let firstTouchAt: Double?
    public let respondedAt: Double?
    public let reasonCode: String?
    public let comment: String?
    public let callNowAt: Double?

    public var isOpen: Bool { status == "open" || status == "unassigned" }

    static let columns = [
        "id", "lead_id", "owner", "status", "routing_reason", "fit", "engagement", "created_at", "assigned_at", "due_at", "reassign_at",
        "breached_at", "first_touch_at", "responded_at", "reason_code", "comment", "call_now_at",
    ]

    static func decode(_ row: any SQLRow) throws -> HandOff {
        func time(_ column: String) throws -> Double? { try row.decode(column: column, as: Double?.self) }
        return HandOff(
            id: try row.decode(column: "id", as: Int64.self), leadId: try row.decode(column: "lead_id", as: Int64.self),
            owner: try row.decode(column: "owner", as: String?.self), status: try row.decode(column: "status", as: String.self),
            routingReason: try row.decode(column: "routing_reason", as: String.self), fit: try row.decode(column: "fit", as: Double.self),
            engagement: try row.decode(column: "engagement", as: Double.self),
            createdAt: try row.decode(column: "created_at", as: Double.self),
            assignedAt: try time("assigned_at"), dueAt: try time("due_at"), reassignAt: try time("reassign_at"),
            breachedAt: try time("breached_at"), firstTouchAt: try time("first_touch_at"), respondedAt: try time("responded_at"),
            reasonCode: try row.decode(column: "reason_code", as: String?.self),
            comment: try row.decode(column: "comment", as: String?.self),
            callNowAt: try time("call_now_at"))
    }
}

/// One line of a rep's inbox: the hand-off, the lead, its scores explained and what it did last.
public struct InboxItem: Sendable {
    public let handOff: HandOff
    public let lead: Lead
    public let explanation: ScoreExplanation
    /// Seconds until the SLA runs out; negative once overdue.
    public let secondsLeft: Double?
    public let latestActivity: [ScoringEvent]
    public let urgency: Double

    public var isOverdue: Bool { handOff.breachedAt != nil || (secondsLeft ?? 1) < 0 }
}

/// The most urgent open hand-offs, and how many are open in all.
public struct InboxPage: Sendable {
    public let items: [InboxItem]
    public let total: Int
}

/// Sales' side of the hand-off: the inbox, accepting and rejecting, and the SLA clock.
public struct HandOffStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Open hand-offs, most urgent first: `owner`'s own, or everyone's when `nil`. The order
    /// comes from the kept scores (the call-now signal) and the deadlines; only the `limit` most
    /// urgent are explained from their history.
    public func inbox(owner: String?, now: Double, limit: Int = 25) async throws -> InboxPage {
        try await database.read { db in
            var query = db.select().columns(HandOff.columns.map { SQLColumn($0) }).from("handoffs")
                .where("status", .in, SQLBind.group(["open", "unassigned"]))
            if let owner { query = query.where(SQLFunction("LOWER", args: SQLColumn("owner")), .equal, SQLBind(owner.lowercased())) }
            let open = try await query.orderBy("id", .descending).limit(2000).all().map(HandOff.decode)
            guard !open.isEmpty else { return InboxPage(items: [], total: 0) }
            let model = try await database.scoringModels.model(on: db)
            var callNow: [Int64: Bool] = [:]
            for row in try await db.select().columns("lead_id", "state").from("lead_scores")
                .where("lead_id", .in, SQLBind.group(open.map(\.leadId))).all()
            {
                let state = EngagementState(stored: (try? JSONValue.parse(try row.decode(column: "state", as: String.self))) ?? .null)
                callNow[try row.decode(column: "lead_id", as: Int64.self)] = state.callNow(at: now, model.compiled)
            }
            let ranked = open.map { handOff in
                (handOff, InboxOrdering.urgency(secondsLeft: handOff.dueAt.map { $0 - now }, callNow: callNow[handOff.leadId] ?? false))
            }.sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }.prefix(max(1, limit))
            let ids = ranked.map(\.0.leadId)
            var leads: [Int64: Lead] = [:]
            for lead in try await db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
                .where("id", .in, SQLBind.group(ids)).all().map(LeadRow.decode)
            {
                leads[lead.id] = lead
            }
            let accounts = try await AccountFacts.load(ids: Set(leads.values.compactMap(\.accountId)), on: db)
            let histories = try await ScoringHistory.load(
                leadIds: ids, readProperties: model.compiled.readsEventProperties, readCampaign: model.compiled.readsEventCampaign, on: db)
            let items = ranked.compactMap { handOff, urgency -> InboxItem? in
                guard let lead = leads[handOff.leadId] else { return nil }
                let account = lead.accountId.flatMap { accounts[$0] }
                let subject = FitSubject(lead: lead, account: account)
                let history = histories[lead.id] ?? []
                return InboxItem(
                    handOff: handOff, lead: lead,
                    explanation: ScoreExplanation(subject: subject, events: history, model: model.compiled, now: now),
                    secondsLeft: handOff.dueAt.map { $0 - now }, latestActivity: Array(history.suffix(5).reversed()), urgency: urgency)
            }
            return InboxPage(items: items, total: open.count)
        }
    }

    /// Opens hand-offs for MQLs that have none: leads imported, or loaded in bulk, already at
    /// `mql`. Each goes to its owner (or waits for routing), with the SLA counted from the time
    /// it became an MQL. Returns how many were opened.
    /// - Parameter since: only MQLs that became MQLs at or after this time.
    @discardableResult
    public func adoptUntracked(now: Double, since: Double = 0) async throws -> Int {
        try await database.write { db in
            let rows = try await db.select().column(SQLColumn("id", table: "leads"), as: "id").column(
                SQLColumn("owner", table: "leads"), as: "owner"
            )
            .column(SQLFunction("MAX", args: SQLColumn("changed_at", table: "stage_changes")), as: "since")
            .from("leads").join("stage_changes", on: SQLColumn("lead_id", table: "stage_changes"), .equal, SQLColumn("id", table: "leads"))
            .where(SQLColumn("stage", table: "leads"), .equal, SQLBind("mql"))
            .where(SQLColumn("to_stage", table: "stage_changes"), .equal, SQLBind("mql"))
            .where(SQLQueryString("NOT EXISTS (SELECT 1 FROM handoffs WHERE handoffs.lead_id = leads.id)"))
            .groupBy(SQLColumn("id", table: "leads")).groupBy(SQLColumn("owner", table: "leads"))
            .having(SQLFunction("MAX", args: SQLColumn("changed_at", table: "stage_changes")), .greaterThanOrEqual, SQLBind(since)).all()
            guard !rows.isEmpty else { return 0 }
            let configuration = try await HandOffSettingsStore.load(on: db)
            let calendar = configuration.handOff.calendar(timeZone: configuration.timeZone)
            let scores = try await db.select().columns("lead_id", "fit", "engagement").from("lead_scores")
                .where("lead_id", .in, SQLBind.group(try rows.map { try $0.decode(column: "id", as: Int64.self) })).all()
            var kept: [Int64: (Double, Double)] = [:]
            for row in scores {
                kept[try row.decode(column: "lead_id", as: Int64.self)] = (
                    try row.decode(column: "fit", as: Double.self), try row.decode(column: "engagement", as: Double.self)
                )
            }
            // A deadline already past was missed before Tandem watched it: it is recorded as
            // breached, without notifying anyone of old news.
            var insert = db.insert(into: "handoffs").columns(
                "lead_id", "owner", "status", "routing_reason", "fit", "engagement", "created_at", "assigned_at", "due_at", "breached_at")
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                let owner = try row.decode(column: "owner", as: String?.self)
                let since = min(try row.decode(column: "since", as: Double.self), now)
                let scores = kept[id] ?? (0, 0)
                let due = owner == nil ? nil : calendar.deadline(after: since, hours: configuration.handOff.slaHours)
                insert = insert.values(
                    SQLBind(id), SQLBind(owner), SQLBind(owner == nil ? "unassigned" : "open"),
                    SQLBind(
                        owner == nil
                            ? "became an MQL before Tandem tracked hand-offs; waiting for routing"
                            : "the lead's owner when Tandem took over the hand-off"),
                    SQLBind(scores.0), SQLBind(scores.1), SQLBind(since), SQLBind(owner == nil ? nil : since),
                    SQLBind(due), SQLBind(due.flatMap { $0 < now ? $0 : nil }))
            }
            try await insert.run()
            return rows.count
        }
    }

    /// The lead's latest hand-off, open or not.
    public func latest(leadId: Int64) async throws -> HandOff? {
        try await database.read { db in
            try await db.select().columns(HandOff.columns.map { SQLColumn($0) }).from("handoffs").where("lead_id", .equal, SQLBind(leadId))
                .orderBy("id", .descending).first().map(HandOff.decode)
        }
    }

    /// Sales accepts the lead: `mql` → `sal`. Only the rep it was handed to may, and only while
    /// it is an MQL.
    @discardableResult
    public func accept(leadId: Int64, by rep: String, now: Double) async throws -> Lead {
        try await database.write { db in
            let (lead, handOff) = try await Self.answerable(leadId: leadId, by: rep, on: db)
            try await Self.move(lead, to: .sal, actor: .user(rep), reason: "accepted", now: now, on: db)
            try await db.update("handoffs").set("status", to: SQLBind("accepted")).set("responded_at", to: SQLBind(now))
                .set("first_touch_at", to: SQLQueryString("COALESCE(first_touch_at, \(bind: now))")).where(
                    "id", .equal, SQLBind(handOff.id)
                )
                .run()
            var accepted = lead
            accepted.stage = .sal
            try await Outbox.append(
                "lead.accepted", leadId: lead.id,
                payload: LifecyclePayload(
                    lead: accepted, fit: handOff.fit, engagement: handOff.engagement, handOffId: handOff.id, owner: handOff.owner,
                    routingReason: nil, dueAt: handOff.dueAt, at: now
                ).json(reason: nil), at: now, on: db)
            return accepted
        }
    }

    /// Sales rejects the lead with a reason code (and a comment when they have one). Leads that
    /// may buy later are recycled; the rest are disqualified.
    @discardableResult
    public func reject(leadId: Int64, reason: RejectionReason, comment: String?, by rep: String, now: Double) async throws -> Lead {
        let comment = comment.map(\.trimmed).flatMap { $0.isEmpty ? nil : String($0.prefix(2000)) }
        return try await database.write { db in
            let (lead, handOff) = try await Self.answerable(leadId: leadId, by: rep, on: db)
            let next = reason.nextStage
            let text = [reason.rawValue, comment].compactMap { $0 }.joined(separator: ": ")
            try await Self.move(lead, to: next, actor: .user(rep), reason: text, now: now, on: db)
            try await db.update("handoffs").set("status", to: SQLBind("rejected")).set("responded_at", to: SQLBind(now))
                .set("reason_code", to: SQLBind(reason.rawValue)).set("comment", to: SQLBind(comment))
                .set("first_touch_at", to: SQLQueryString("COALESCE(first_touch_at, \(bind: now))")).where(
                    "id", .equal, SQLBind(handOff.id)
                )
                .run()
            var rejected = lead
            rejected.stage = next
            let payload = LifecyclePayload(
                lead: rejected, fit: handOff.fit, engagement: handOff.engagement, handOffId: handOff.id, owner: handOff.owner,
                routingReason: nil, dueAt: handOff.dueAt, at: now
            ).json(reason: text)
            try await Outbox.append("lead.rejected", leadId: lead.id, payload: payload, at: now, on: db)
            if next == .recycled { try await Outbox.append("lead.recycled", leadId: lead.id, payload: payload, at: now, on: db) }
            return rejected
        }
    }

    /// The lead and its open hand-off, if `rep` may answer it.
    private static func answerable(leadId: Int64, by rep: String, on db: any SQLDatabase) async throws -> (Lead, HandOff) {
        guard let lead = try await LeadStore.find(id: leadId, on: db) else {
            throw ValidationError(code: "not_found", field: "lead", message: "lead \(leadId) not found")
        }
        let handOff = try await db.select().columns(HandOff.columns.map { SQLColumn($0) }).from("handoffs")
            .where("lead_id", .equal, SQLBind(leadId)).where("status", .equal, SQLBind("open")).orderBy("id", .descending).first()
            .map(HandOff.decode)
        // Another rep's lead: say nothing of its stage or its owner.
        let yours = handOff?.owner?.lowercased() == rep.lowercased() || lead.owner?.lowercased() == rep.lowercased()
        guard yours else {
            throw ValidationError(code: "forbidden", field: "lead", message: "lead \(leadId) is not waiting in your inbox")
        }
        guard lead.stage == .mql, let handOff, handOff.owner?.lowercased() == rep.lowercased() else {
            throw ValidationError(
                code: "invalid_state", field: "lead",
                message: "lead \(leadId) is \(lead.stage.label), not an MQL waiting for your answer")
        }
        return (lead, handOff)
    }

    /// A stage change made elsewhere (the lead's form, the API, an import) that answers an open
    /// hand-off: the hand-off is closed the same way an answer from the inbox closes it. Runs in
    /// the transaction of the change, after the lead's row was written.
    static func closeOpen(
        leadId: Int64, from: LifecycleStage?, to stage: LifecycleStage, reason: String?, now: Double, on db: any SQLDatabase
    )
        async throws
    {
        guard from == .mql, stage != .mql else { return }
        let accepted = (stage.funnelRank ?? 0) > (LifecycleStage.mql.funnelRank ?? 0)
        let closed = try await db.update("handoffs").set("status", to: SQLBind(accepted ? "accepted" : "rejected"))
            .set("responded_at", to: SQLBind(now)).set("comment", to: SQLBind(accepted ? nil : reason))
            .set("first_touch_at", to: SQLQueryString("COALESCE(first_touch_at, \(bind: now))"))
            .where("lead_id", .equal, SQLBind(leadId)).where("status", .in, SQLBind.group(["open", "unassigned"]))
            .returning(HandOff.columns.map { SQLColumn($0) }).all().map(HandOff.decode)
        guard let handOff = closed.first, let lead = try await LeadStore.find(id: leadId, on: db) else { return }
        let payload = LifecyclePayload(
            lead: lead, fit: handOff.fit, engagement: handOff.engagement, handOffId: handOff.id, owner: handOff.owner, routingReason: nil,
            dueAt: handOff.dueAt, at: now
        ).json(reason: reason)
        try await Outbox.append(accepted ? "lead.accepted" : "lead.rejected", leadId: leadId, payload: payload, at: now, on: db)
        if stage == .recycled { try await Outbox.append("lead.recycled", leadId: leadId, payload: payload, at: now, on: db) }
    }

    static func move(_ lead: Lead, to stage: LifecycleStage, actor: StageActor, reason: String, now: Double, on db: any SQLDatabase)
        async throws
    {
        if let refusal = StageTransitions.check(from: lead.stage, to: stage, actor: actor, reason: reason) { throw refusal }
        try await db.update("leads").set("stage", to: SQLBind(stage.rawValue)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(lead.id)).run()
        try await db.insert(into: "stage_changes").columns("lead_id", "from_stage", "to_stage", "changed_at", "actor", "reason")
            .values(
                SQLBind(lead.id), SQLBind(lead.stage.rawValue), SQLBind(stage.rawValue), SQLBind(now), SQLBind(actor.description),
                SQLBind(reason)
            ).run()
        try await AuditTrail.append(
            AuditEntry(
                actor: actor.description, action: "lead.stage_changed", subjectType: "lead", subjectId: String(lead.id),
                summary: "moved the lead from \(lead.stage.label) to \(stage.label): \(reason)"), at: now, on: db)
    }
}
