import Foundation
import SQLKit
import TandemCore

extension HandOff: TableRow {
    /// Column by column: the inbox and the hand-offs page read up to 2,000 of these a request,
    /// and the keyed decoder looks each optional column up three times (measured: the inbox
    /// about 6% slower).
    static func decode(_ row: any SQLRow) throws -> HandOff {
        func value<T: Decodable>(_ key: CodingKeys, _ type: T.Type = T.self) throws -> T { try row.decode(column: key.rawValue, as: type) }
        let statusText: String = try value(.status)
        guard let status = HandOffStatus(rawValue: statusText) else { throw DatabaseError.corrupt("hand-off status '\(statusText)'") }
        return HandOff(
            id: try row.id(), leadId: try row.id(CodingKeys.leadId.rawValue), owner: try value(.owner), status: status,
            routingReason: try value(.routingReason), fit: try value(.fit), engagement: try value(.engagement),
            createdAt: try value(.createdAt), assignedAt: try value(.assignedAt), dueAt: try value(.dueAt),
            reassignAt: try value(.reassignAt), breachedAt: try value(.breachedAt), firstTouchAt: try value(.firstTouchAt),
            respondedAt: try value(.respondedAt), reasonCode: try value(.reasonCode), comment: try value(.comment),
            callNowAt: try value(.callNowAt))
    }
}

/// One line of a rep's inbox: the hand-off, the lead, its kept scores and what it did last. The
/// full explanation is read on demand (`LeadScoreStore.explain(leadIds:now:)`): a card shows
/// the grade, and replaying 25 histories for explanations nobody opened would double the page.
public struct InboxItem: Sendable {
    public let handOff: HandOff
    public let lead: Lead
    public let score: LeadScore
    /// Seconds until the SLA runs out; negative once overdue.
    public let secondsLeft: Double?
    /// The lead's latest events, newest first (`InboxQuery.activityCount` at most).
    public let latestActivity: [ScoringEvent]
    public let urgency: Double

    public var isOverdue: Bool { handOff.breachedAt != nil || (secondsLeft ?? 1) < 0 }
}

/// The most urgent open hand-offs that match, and how many match in all.
public struct InboxPage: Sendable {
    public let items: [InboxItem]
    /// How many open hand-offs match the query (`InboxQuery.window` at most).
    public let total: Int
}

/// Which open hand-offs to list, and which page of them in order of urgency.
public struct InboxQuery: Sendable, Hashable {
    /// The reps whose hand-offs to list, by email (any case); `nil` for everyone's.
    public var owners: Set<String>?
    /// Only the hand-offs past their SLA.
    public var overdueOnly = false
    /// Only the leads showing a burst of intent now (the inbox's "Call now" badge).
    public var callNowOnly = false
    /// Only the leads of these grade letters ("A"…"D").
    public var gradeLetters: Set<String>?
    public var offset = 0
    public var limit = 25

    /// The open hand-offs ranked per request: a queue longer than this is worked from its most
    /// recent ones (the ranking needs every candidate's scores in memory).
    public static let window = 2000
    /// The latest events listed on each item.
    public static let activityCount = 5

    public init() {}
}

/// Sales' side of the hand-off: the inbox, accepting and rejecting, and the SLA clock.
public struct HandOffStore: Sendable {
    let database: Database

    /// Open hand-offs, most urgent first: `owner`'s own, or everyone's when `nil`. The order
    /// comes from the kept scores (the call-now signal) and the deadlines.
    public func inbox(owner: String?, now: Double, limit: Int = 25) async throws -> InboxPage {
        var query = InboxQuery()
        query.owners = owner.map { [$0] }
        query.limit = limit
        return try await inbox(query, now: now)
    }

    /// A page of the open hand-offs that match `inbox`, most urgent first.
    public func inbox(_ inbox: InboxQuery, now: Double) async throws -> InboxPage {
        try await database.read { db in
            var query = db.select().columns(HandOff.columns).from("handoffs")
                .where("status", .in, SQLBind.group(HandOffStatus.waiting.map(\.rawValue)))
            if let owners = inbox.owners {
                guard !owners.isEmpty else { return InboxPage(items: [], total: 0) }
                query = query.where(SQLFunction("LOWER", args: SQLColumn("owner")), .in, SQLBind.group(owners.map { $0.lowercased() }))
            }
            let open = try await query.orderBy("id", .descending).limit(InboxQuery.window).all().map(HandOff.decode)
            guard !open.isEmpty else { return InboxPage(items: [], total: 0) }
            let model = try await database.scoringModelCache.model(on: db)
            let scores = try await KeptScoreRow.read(open.map(\.leadId), on: db).mapValues { $0.valued(at: now, model) }
            let matching = open.filter { handOff in
                let score = scores[handOff.leadId]
                if inbox.callNowOnly, score?.callNow != true { return false }
                if inbox.overdueOnly, !(handOff.breachedAt != nil || (handOff.dueAt.map { $0 < now } ?? false)) { return false }
                if let letters = inbox.gradeLetters, !letters.contains(String(score?.grade.prefix(1) ?? "")) { return false }
                return true
            }
            let ranked = matching.map { handOff in
                (
                    handOff,
                    InboxOrdering.urgency(secondsLeft: handOff.dueAt.map { $0 - now }, callNow: scores[handOff.leadId]?.callNow ?? false)
                )
            }.sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }.dropFirst(max(0, inbox.offset)).prefix(max(1, inbox.limit))
            guard !ranked.isEmpty else { return InboxPage(items: [], total: matching.count) }
            let ids = ranked.map(\.0.leadId)
            var leads: [Lead.ID: Lead] = [:]
            for lead in try await db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
                .where("id", .in, SQLBind.group(ids)).all().map(LeadRow.decode)
            {
                leads[lead.id] = lead
            }
            let activity = try await ScoringHistory.latest(leadIds: ids, count: InboxQuery.activityCount, on: db)
            let items = ranked.compactMap { handOff, urgency -> InboxItem? in
                guard let lead = leads[handOff.leadId], let score = scores[lead.id] else { return nil }
                return InboxItem(
                    handOff: handOff, lead: lead, score: score, secondsLeft: handOff.dueAt.map { $0 - now },
                    latestActivity: activity[lead.id] ?? [], urgency: urgency)
            }
            return InboxPage(items: items, total: matching.count)
        }
    }

    /// Opens hand-offs for MQLs that have none: leads imported, or loaded in bulk, already at
    /// `mql`. Each goes to its owner (or waits for routing), with the SLA counted from the time
    /// it became an MQL. Returns how many were opened.
    /// - Parameter since: only MQLs that became MQLs at or after this time.
    @discardableResult
    public func adoptUntracked(now: Double, since: Double = 0) async throws -> Int {
        try await database.write(now: now, actor: .system) { tx in
            let db = tx.db
            let rows = try await db.select().column(SQLColumn("id", table: "leads"), as: "id").column(
                SQLColumn("owner", table: "leads"), as: "owner"
            )
            .column(SQLFunction("MAX", args: SQLColumn("changed_at", table: "stage_changes")), as: "since")
            .from("leads").join("stage_changes", on: SQLColumn("lead_id", table: "stage_changes"), .equal, SQLColumn("id", table: "leads"))
            .where(SQLColumn("stage", table: "leads"), .equal, SQLBind(LifecycleStage.mql.rawValue))
            .where(SQLColumn("to_stage", table: "stage_changes"), .equal, SQLBind(LifecycleStage.mql.rawValue))
            .where(SQLQueryString("NOT EXISTS (SELECT 1 FROM handoffs WHERE handoffs.lead_id = leads.id)"))
            .groupBy(SQLColumn("id", table: "leads")).groupBy(SQLColumn("owner", table: "leads"))
            .having(SQLFunction("MAX", args: SQLColumn("changed_at", table: "stage_changes")), .greaterThanOrEqual, SQLBind(since)).all()
            guard !rows.isEmpty else { return 0 }
            let configuration = try await HandOffSettingsStore.load(on: db)
            let calendar = configuration.handOff.calendar(timeZone: configuration.timeZone)
            let scores = try await db.select().columns("lead_id", "fit", "engagement").from("lead_scores")
                .where("lead_id", .in, SQLBind.group(try rows.map { try $0.leadID("id") })).all()
            var kept: [Lead.ID: (Double, Double)] = [:]
            for row in scores {
                kept[try row.leadID()] = (
                    try row.decode(column: "fit", as: Double.self), try row.decode(column: "engagement", as: Double.self)
                )
            }
            // A deadline already past was missed before Tandem watched it: it is recorded as
            // breached, without notifying anyone of old news.
            let handOffs = try rows.map { row in
                let id = try row.leadID("id")
                let owner = try row.decode(column: "owner", as: String?.self)
                let since = min(try row.decode(column: "since", as: Double.self), now)
                let scores = kept[id] ?? (0, 0)
                let due = owner == nil ? nil : calendar.deadline(after: since, hours: configuration.handOff.slaHours)
                return NewHandOff(
                    leadId: id, owner: owner,
                    routingReason: owner == nil ? HandOffTexts.adoptedWithoutOwner : HandOffTexts.adoptedWithOwner,
                    fit: scores.0, engagement: scores.1, createdAt: since, assignedAt: owner == nil ? nil : since, dueAt: due,
                    breachedAt: due.flatMap { $0 < now ? $0 : nil })
            }
            try await HandOffRecords.insert(handOffs, on: db)
            return rows.count
        }
    }

    /// The lead's latest hand-off, open or not.
    public func latest(leadId: Lead.ID) async throws -> HandOff? {
        try await database.read { db in
            try await db.select().columns(HandOff.columns).from("handoffs").where("lead_id", .equal, SQLBind(leadId))
                .orderBy("id", .descending).first().map(HandOff.decode)
        }
    }

    /// Sales accepts the lead: `mql` → `sal`. Only the rep it was handed to may, and only while
    /// it is an MQL.
    @discardableResult
    public func accept(leadId: Lead.ID, by rep: String, now: Double) async throws -> Lead {
        try await database.write(now: now, actor: .user(rep)) { tx in
            let lead = try await Self.answerable(leadId: leadId, by: rep, on: tx.db)
            return try await LeadLifecycle.move(
                lead, to: .sal, reason: "accepted", actor: tx.actor, answer: HandOffAnswer(rejection: nil, comment: nil), in: tx)
        }
    }

    /// Sales rejects the lead with a reason code (and a comment when they have one). Leads that
    /// may buy later are recycled; the rest are disqualified.
    @discardableResult
    public func reject(leadId: Lead.ID, reason: RejectionReason, comment: String?, by rep: String, now: Double) async throws -> Lead {
        let comment = comment.map(\.trimmed).flatMap { $0.isEmpty ? nil : String($0.prefix(2000)) }
        return try await database.write(now: now, actor: .user(rep)) { tx in
            let lead = try await Self.answerable(leadId: leadId, by: rep, on: tx.db)
            let text = [reason.rawValue, comment].compactMap { $0 }.joined(separator: ": ")
            return try await LeadLifecycle.move(
                lead, to: reason.nextStage, reason: text, actor: tx.actor, answer: HandOffAnswer(rejection: reason, comment: comment),
                in: tx)
        }
    }

    /// The lead, if it waits for `rep`'s answer; the refusal says why not without telling
    /// another rep's lead apart from a lead that does not exist... beyond what `rep` may know.
    private static func answerable(leadId: Lead.ID, by rep: String, on db: any SQLDatabase) async throws -> Lead {
        guard let lead = try await LeadStore.find(id: leadId, on: db) else { throw HandOffError.leadNotFound(leadId) }
        let handOff = try await HandOffRecords.waiting(leadId: leadId, on: db)
        // Another rep's lead: say nothing of its stage or its owner.
        let yours = handOff?.owner?.lowercased() == rep.lowercased() || lead.owner?.lowercased() == rep.lowercased()
        guard yours else { throw HandOffError.notYours(leadId) }
        guard lead.stage == .mql, let handOff, handOff.owner?.lowercased() == rep.lowercased() else {
            throw HandOffError.notWaiting(leadId, stage: lead.stage)
        }
        return lead
    }
}
