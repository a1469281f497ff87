import Foundation
import SQLKit
import TandemCore

/// Filters of the lead list; all optional, combined with AND.
public struct LeadFilter: Sendable, Hashable, KeysetFilter {
    public var stage: LifecycleStage?
    public var owner: String?
    public var source: String?
    public var updatedSince: Double?
    /// Free attributes that must equal the given text.
    public var attributes: [String: String] = [:]
    /// Resume after this lead id (the cursor of the previous page).
    public var afterId: Lead.ID?
    public var limit: Int = 50
    /// The leads the caller may see at all.
    public var scope: LeadScope = .all

    public init() {}
}

/// One entry of a lead's timeline: a tracked touch, a sales activity or a stage change.
public enum TimelineEntry: Sendable, Hashable {
    case event(StoredEvent)
    case activity(SalesActivity)
    case stageChange(StoredStageChange)

    public var at: Double {
        switch self {
        case .event(let event): return event.occurredAt
        case .activity(let activity): return activity.occurredAt
        case .stageChange(let change): return change.changedAt
        }
    }
}

/// A stage change as stored.
public struct StoredStageChange: Sendable, Hashable, Codable, TableRow {
    public let id: Int64
    public let leadId: Lead.ID
    public let from: LifecycleStage?
    public let to: LifecycleStage
    public let changedAt: Double
    public let actor: String
    public let reason: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, actor, reason
        case leadId = "lead_id", from = "from_stage", to = "to_stage", changedAt = "changed_at"
    }
}

/// Leads: create, update, upsert in bulk, find, list, and their timeline.
public struct LeadStore: Sendable {
    let database: Database

    /// Creates one lead; refuses an email or user id that another lead has.
    public func create(_ input: LeadInput, actor: StageActor, now: Double) async throws -> Lead {
        try await database.write(now: now, actor: actor) { tx in
            guard let result = try await LeadWriter(in: tx, mode: .createOnly).apply([input]).first else {
                throw DatabaseError.missingRow("the new lead")
            }
            let lead = try result.get().lead
            // Scoring may hand the new lead off at once: read it back as that left it.
            try await tx.settle()
            return try await Self.find(id: lead.id, on: tx.db) ?? lead
        }
    }

    /// Creates or updates leads, matched by user id then email. Invalid inputs are reported in
    /// place and the rest are written together in one transaction.
    public func upsert(_ inputs: [LeadInput], actor: StageActor, now: Double) async throws -> [Result<LeadWrite, ValidationError>] {
        try await database.write(now: now, actor: actor) { tx in try await LeadWriter(in: tx).apply(inputs) }
    }

    /// Changes a lead; stage moves follow `StageTransitions`.
    public func update(id: Lead.ID, _ input: LeadInput, actor: StageActor, now: Double) async throws -> Lead? {
        try await database.write(now: now, actor: actor) { tx in
            guard let current = try await Self.find(id: id, on: tx.db) else { return nil }
            let updated = try await LeadWriter(in: tx).update(current, with: input)
            try await tx.settle()
            return try await Self.find(id: id, on: tx.db) ?? updated
        }
    }

    /// Makes one change to several leads together: every lead is changed, or none is (the first
    /// refusal is thrown, naming the lead). Leads that do not exist are left out.
    public func updateAll(ids: [Lead.ID], _ input: LeadInput, actor: StageActor, now: Double) async throws -> [Lead] {
        guard !ids.isEmpty else { return [] }
        return try await database.write(now: now, actor: actor) { tx in
            let current = try await tx.db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
                .where("id", .in, SQLBind.group(ids)).orderBy("id").all().map(LeadRow.decode)
            let writer = LeadWriter(in: tx)
            for lead in current {
                do {
                    _ = try await writer.update(lead, with: input)
                } catch let error as ValidationError {
                    throw ValidationError(code: error.code, field: error.field, message: "\(lead.displayName): \(error.message)")
                }
            }
            try await tx.settle()
            return try await tx.db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
                .where("id", .in, SQLBind.group(current.map(\.id))).orderBy("id").all().map(LeadRow.decode)
        }
    }

    /// The leads of these ids that exist, in id order.
    public func get(ids: [Lead.ID]) async throws -> [Lead] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { db in
            try await db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads").where("id", .in, SQLBind.group(ids))
                .orderBy("id").all().map(LeadRow.decode)
        }
    }

    public func get(id: Lead.ID) async throws -> Lead? {
        try await database.read { db in try await Self.find(id: id, on: db) }
    }

    static func find(id: Lead.ID, on db: any SQLDatabase) async throws -> Lead? {
        try await db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads").where("id", .equal, SQLBind(id))
            .first().map(LeadRow.decode)
    }

    /// Finds a lead by email, case-insensitively.
    public func find(email: String) async throws -> Lead? {
        try await database.read { db in
            try await db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
                .where("email_normalized", .equal, SQLBind(email.lowercased())).first().map(LeadRow.decode)
        }
    }

    /// A page of leads in id order.
    public func list(_ filter: LeadFilter) async throws -> [Lead] {
        try await database.read { db in
            var query = db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
            if case .ownedBy(let email) = filter.scope {
                query = query.where(SQLFunction("LOWER", args: SQLColumn("owner")), .equal, SQLBind(email))
            }
            if let stage = filter.stage { query = query.where("stage", .equal, SQLBind(stage.rawValue)) }
            if let owner = filter.owner { query = query.where("owner", .equal, SQLBind(owner)) }
            if let source = filter.source { query = query.where("source", .equal, SQLBind(source)) }
            if let since = filter.updatedSince { query = query.where("updated_at", .greaterThanOrEqual, SQLBind(since)) }
            if let afterId = filter.afterId { query = query.where("id", .greaterThan, SQLBind(afterId)) }
            for (name, value) in filter.attributes.sorted(by: { $0.key < $1.key }) {
                query = query.where(attributeText(name, engine: database.engine), .equal, SQLBind(value))
            }
            return try await query.orderBy("id").limit(min(max(filter.limit, 1), 1000)).all().map(LeadRow.decode)
        }
    }

    /// The text of one free attribute, as the engine's JSON functions read it.
    private func attributeText(_ name: String, engine: Engine) -> any SQLExpression {
        switch engine {
        // SQLite's json_extract gives numbers as numbers and booleans as 1/0: spell them as
        // PostgreSQL's ->> does, so "attr.seats=12" and "attr.trial=true" match on both.
        case .sqlite:
            let path = "$.\"\(name)\""
            return SQLQueryString(
                """
                (CASE json_type(attributes, \(bind: path)) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' \
                ELSE CAST(json_extract(attributes, \(bind: path)) AS TEXT) END)
                """)
        case .postgres:
            return SQLQueryString("(attributes::jsonb ->> \(bind: name))")
        }
    }

    /// Every lead in id order, a page at a time, so an export of a million leads needs the
    /// memory of one page.
    public func forEachPage(pageSize: Int = 1000, _ body: ([Lead]) async throws -> Void) async throws {
        try await LeadFilter().forEachPage(pageSize: pageSize, fetch: list, id: \.id, body)
    }

    /// The lead's stage changes, newest first.
    public func stageChanges(leadId: Lead.ID, limit: Int = 100, before: Double? = nil) async throws -> [StoredStageChange] {
        try await database.read { db in
            var query = db.select().columns(StoredStageChange.columns).from("stage_changes").where("lead_id", .equal, SQLBind(leadId))
            if let before { query = query.where("changed_at", .lessThan, SQLBind(before)) }
            return
                try await query
                .orderBy("changed_at", .descending).orderBy("id", .descending).limit(limit).all()
                .map(StoredStageChange.decode)
        }
    }

    /// Events, sales activities and stage changes of a lead, newest first, at most `limit`
    /// entries, all before `before` when given (the time of the last entry of the previous page).
    public func timeline(leadId: Lead.ID, limit: Int = 100, before: Double? = nil) async throws -> [TimelineEntry] {
        var filter = EventFilter()
        filter.leadId = leadId
        filter.limit = limit
        filter.newestFirst = true
        if let before { filter.until = before }
        let events = try await database.events.query(filter)
        let changes = try await stageChanges(leadId: leadId, limit: limit, before: before)
        let activities = try await database.salesActivities.list(leadId: leadId, limit: limit, before: before)
        let entries = events.map(TimelineEntry.event) + activities.map(TimelineEntry.activity) + changes.map(TimelineEntry.stageChange)
        return Array(entries.sorted { $0.at > $1.at }.prefix(limit))
    }
}
