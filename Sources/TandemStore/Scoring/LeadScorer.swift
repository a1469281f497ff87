import Foundation
import SQLKit
import TandemCore

/// Brings kept scores up to date inside the caller's transaction, then hands off the leads
/// that became ready.
///
/// A lead's new events are applied to its stored state in O(1) each. The lead is replayed
/// from its full history only when that is the only correct answer: its events came out of
/// order, earlier events were just joined to it (identify), it has no kept state yet, or its
/// state was computed under an older model. A replay of more than `inlineReplayLimit` events
/// is not done in the transaction, which would hold the single writer for seconds: the lead is
/// queued, and `ScoreReplayQueue` replays it outside, then stores the result in a short write.
/// A queued lead takes no incremental updates until then.
struct LeadScorer {
    let tx: UnitOfWork
    private var db: any SQLDatabase { tx.db }
    private var now: Double { tx.now }

    static let chunkSize = 500
    /// The longest history replayed inside a write transaction (a few milliseconds of work).
    static let inlineReplayLimit = 2000

    /// What a scoring writes for a lead, beside its id: the scores, the state they continue
    /// from, and the keys the leads list sorts by (`ScoreOrder`).
    static let keptColumns = [
        "model_version", "fit", "engagement", "engagement_as_of", "state", "updated_at", "replay_queued", "fit_band",
        "engagement_rank", "last_event_at", "call_now_until",
    ]

    /// Scores what a unit of work owes; only `UnitOfWork.settle` calls it.
    func run(_ work: ScoresOwed) async throws {
        guard !work.isEmpty else { return }
        let model = try await tx.scoringModel()
        let ids = work.leadIds.sorted()
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + Self.chunkSize, ids.count)])
            try await score(chunk, work: work, model: model)
            start += chunk.count
        }
    }

    private func score(_ ids: [Lead.ID], work: ScoresOwed, model: ActiveScoringModel) async throws {
        if tx.engine == .postgres {
            // Live ingest and a re-scoring job may touch the same lead at once: the lead's row
            // lock (taken in id order, so never crosswise) makes them take turns.
            _ = try await db.select().column("id").from("leads").where("id", .in, SQLBind.group(ids)).orderBy("id")
                .lockingClause(SQLLockingClause.update).all()
        }
        let unread = ids.filter { work.written[$0] == nil }
        let leads =
            ids.compactMap { work.written[$0] }
            + (unread.isEmpty
                ? []
                : try await db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
                    .where("id", .in, SQLBind.group(unread)).all().map(LeadRow.decode))
        let accounts = try await AccountFacts.load(ids: Set(leads.compactMap(\.accountId)), on: db)
        // A kept state that does not read back is left out: the lead is replayed (decision 0006).
        var kept: [Lead.ID: (version: Int64, state: EngagementState)] = [:]
        var queued: Set<Lead.ID> = []
        // Leads that are replayed anyway need no kept state read (a re-scoring job replays all).
        let incremental = ids.filter { !work.replay.contains($0) && !work.created.contains($0) }
        for row in incremental.isEmpty
            ? []
            : try await db.select().columns("lead_id", "model_version", "state", "replay_queued").from("lead_scores")
                .where("lead_id", .in, SQLBind.group(incremental)).all()
        {
            let id = try row.leadID()
            if try row.decode(column: "replay_queued", as: Bool.self) { queued.insert(id) }
            if let state = EngagementState(restoring: try row.decode(column: "state", as: String.self)) {
                kept[id] = (try row.decode(column: "model_version", as: Int64.self), state)
            }
        }
        var states: [Lead.ID: EngagementState] = [:]
        var replay: [Lead.ID] = []
        var deferred: Set<Lead.ID> = queued
        for lead in leads {
            if let state = work.replayed[lead.id] {
                states[lead.id] = state
                continue
            }
            if queued.contains(lead.id) { continue }
            if work.created.contains(lead.id), !work.replay.contains(lead.id) {
                // A lead created just now starts from nothing, plus this transaction's events.
                var state = EngagementState()
                for event in (work.events[lead.id] ?? []).sorted(by: { $0.precedes($1) }) { state.apply(event, model.compiled) }
                states[lead.id] = state
                continue
            }
            guard !work.replay.contains(lead.id), let stored = kept[lead.id], stored.version == model.version else {
                replay.append(lead.id)
                continue
            }
            var state = stored.state
            let events = (work.events[lead.id] ?? []).sorted { $0.precedes($1) }
            guard events.allSatisfy({ state.canApply($0) }) else {
                replay.append(lead.id)
                continue
            }
            for event in events { state.apply(event, model.compiled) }
            states[lead.id] = state
        }
        if work.deferReplays && !tx.replayInline {
            deferred.formUnion(replay)
            replay = []
        } else if !replay.isEmpty, !tx.replayInline {
            let lengths = try await ScoringHistory.lengths(leadIds: replay, on: db)
            let long = Set(replay.filter { (lengths[$0]?.count ?? 0) > Self.inlineReplayLimit })
            deferred.formUnion(long)
            replay.removeAll { long.contains($0) }
        }
        if !replay.isEmpty {
            let histories = try await ScoringHistory.load(
                leadIds: replay, readProperties: model.compiled.readsEventProperties, readCampaign: model.compiled.readsEventCampaign,
                on: db)
            for id in replay { states[id] = EngagementState.replay(histories[id] ?? [], model.compiled).state }
        }

        try await ScoreReplayQueue.enqueue(deferred, now: now, on: db)
        var scored: [ScoredLead] = []
        var query = db.insert(into: "lead_scores").columns(["lead_id"] + Self.keptColumns)
        let scorer = RuleScorer(model.compiled)
        for lead in leads where !deferred.contains(lead.id) {
            let state = states[lead.id] ?? EngagementState()
            let account = lead.accountId.flatMap { accounts[$0] }
            let subject = FitSubject(lead: lead, account: account)
            let card = scorer.scoreCard(subject, engagement: state, at: now)
            query = query.values(
                SQLBind(lead.id), SQLBind(model.version), SQLBind(card.fit), SQLBind(state.score), SQLBind(state.asOf),
                SQLBind(state.stored.jsonText), SQLBind(now), SQLBind(false), SQLBind(model.compiled.fitBand(card.fit)),
                SQLBind(state.rank(model.compiled.decay)), SQLBind(state.lastEventAt), SQLBind(state.callNowUntil(model.compiled)))
            scored.append(
                ScoredLead(
                    lead: lead, subject: subject, accountOwner: account?.owner, fit: card.fit, engagement: card.engagement,
                    callNow: card.callNow))
        }
        guard !scored.isEmpty else { return }
        try await query.onConflict(with: ["lead_id"]) { conflict in
            Self.keptColumns.reduce(conflict) { $0.set(excludedValueOf: $1) }
        }.run()
        try await HandOffWriter(tx: tx).handOffReady(scored, model: model.model)
    }
}

/// A lead with its scores as they stand now.
struct ScoredLead {
    let lead: Lead
    let subject: FitSubject
    let accountOwner: String?
    let fit: Double
    let engagement: Double
    let callNow: Bool
}

/// The account fields fit rules and routing read.
struct AccountFacts {
    let name: String?
    let industry: String?
    let size: Int?
    let owner: String?

    static func load(ids: Set<Account.ID>, on db: any SQLDatabase) async throws -> [Account.ID: AccountFacts] {
        guard !ids.isEmpty else { return [:] }
        var facts: [Account.ID: AccountFacts] = [:]
        for row in try await db.select().columns("id", "name", "industry", "size", "owner").from("accounts")
            .where("id", .in, SQLBind.group(Array(ids))).all()
        {
            facts[try row.decode(column: "id", as: Account.ID.self)] = AccountFacts(
                name: try row.decode(column: "name", as: String?.self), industry: try row.decode(column: "industry", as: String?.self),
                size: try row.decode(column: "size", as: Int?.self), owner: try row.decode(column: "owner", as: String?.self))
        }
        return facts
    }
}

/// Reads leads' events in scoring order.
enum ScoringHistory {
    /// Each lead's number of events and its newest event id: how long a replay would be, and
    /// (compared before and after) whether its history changed in between.
    static func lengths(leadIds: [Lead.ID], on db: any SQLDatabase) async throws -> [Lead.ID: (count: Int, newest: Int64)] {
        guard !leadIds.isEmpty else { return [:] }
        var lengths: [Lead.ID: (count: Int, newest: Int64)] = [:]
        for row in try await db.select().column("lead_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(SQLFunction("MAX", args: SQLColumn("id")), as: "newest").from("events")
            .where("lead_id", .in, SQLBind.group(leadIds)).groupBy("lead_id").all()
        {
            lengths[try row.leadID()] = (
                try row.decode(column: "n", as: Int.self), try row.decode(column: "newest", as: Int64.self)
            )
        }
        return lengths
    }

    /// Each lead's `count` latest events, newest first, without their properties: what a list
    /// of leads shows of their activity, read in one statement whatever the histories' length.
    static func latest(leadIds: [Lead.ID], count: Int, on db: any SQLDatabase) async throws -> [Lead.ID: [ScoringEvent]] {
        var latest: [Lead.ID: [ScoringEvent]] = [:]
        guard !leadIds.isEmpty, count > 0 else { return latest }
        let ids: [any Encodable & Sendable] = leadIds.map(\.rawValue)
        let rows = try await db.raw(
            """
            SELECT id, lead_id, type, name, occurred_at, url FROM (
                SELECT id, lead_id, type, name, occurred_at, url,
                    ROW_NUMBER() OVER (PARTITION BY lead_id ORDER BY occurred_at DESC, id DESC) AS position
                FROM events WHERE lead_id IN (\(binds: ids))
            ) ranked WHERE position <= \(bind: count) ORDER BY lead_id, position
            """
        ).all()
        for row in rows {
            let event = ScoringEvent(
                id: try row.decode(column: "id", as: Int64.self),
                type: MessageType(rawValue: try row.decode(column: "type", as: String.self)) ?? .track,
                name: try row.decode(column: "name", as: String.self), occurredAt: try row.decode(column: "occurred_at", as: Double.self),
                url: try row.decode(column: "url", as: String?.self))
            latest[try row.leadID(), default: []].append(event)
        }
        return latest
    }

    /// Reads only the columns the model's rules look at (`readCampaign`, `readProperties`), so a
    /// re-scoring of millions of events decodes no more than it needs.
    static func load(leadIds: [Lead.ID], readProperties: Bool, readCampaign: Bool = true, on db: any SQLDatabase) async throws
        -> [Lead.ID: [ScoringEvent]]
    {
        var histories: [Lead.ID: [ScoringEvent]] = [:]
        guard !leadIds.isEmpty else { return histories }
        var columns = ["id", "lead_id", "type", "name", "occurred_at", "url"]
        if readCampaign { columns += ["campaign_name", "campaign_source", "campaign_medium"] }
        if readProperties { columns.append("properties") }
        let rows = try await db.select().columns(columns.map { SQLColumn($0) }).from("events")
            .where("lead_id", .in, SQLBind.group(leadIds)).orderBy("lead_id").orderBy("occurred_at").orderBy("id").all()
        for row in rows {
            let properties: [String: JSONValue] =
                readProperties
                ? (JSONValue.parseIfValid(try row.decode(column: "properties", as: String.self))?.objectValue ?? [:]) : [:]
            let event = ScoringEvent(
                id: try row.decode(column: "id", as: Int64.self),
                type: MessageType(rawValue: try row.decode(column: "type", as: String.self)) ?? .track,
                name: try row.decode(column: "name", as: String.self), occurredAt: try row.decode(column: "occurred_at", as: Double.self),
                url: try row.decode(column: "url", as: String?.self),
                campaign: readCampaign
                    ? CampaignTouch(
                        name: try row.decode(column: "campaign_name", as: String?.self),
                        source: try row.decode(column: "campaign_source", as: String?.self),
                        medium: try row.decode(column: "campaign_medium", as: String?.self)) : CampaignTouch(),
                properties: properties)
            histories[try row.leadID(), default: []].append(event)
        }
        return histories
    }
}
