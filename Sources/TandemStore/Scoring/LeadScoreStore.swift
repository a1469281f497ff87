import Foundation
import SQLKit
import TandemCore

/// A lead's kept scores, valued at the moment asked.
public struct LeadScore: Sendable, Hashable {
    public let leadId: Lead.ID
    public let modelVersion: Int64
    public let fit: Double
    /// Engagement decayed to `asOf`.
    public let engagement: Double
    public let grade: String
    public let callNow: Bool
    /// When the lead last did something that scoring counts; `nil` before its first event.
    public let lastActivityAt: Double?
    public let asOf: Double
}

/// A lead's score explained, with its engagement over time.
public struct LeadScoreReport: Sendable {
    public let explanation: ScoreExplanation
    /// Engagement at each sample time asked for.
    public let engagementAt: [Double]
    /// The engagement an MQL needs, drawn beside it.
    public let mqlEngagement: Double
}

/// Reads kept scores and explains them from the lead's history.
public struct LeadScoreStore: Sendable {
    let database: Database

    /// Kept scores of these leads, decayed to `now`.
    public func scores(leadIds: [Lead.ID], now: Double) async throws -> [Lead.ID: LeadScore] {
        guard !leadIds.isEmpty else { return [:] }
        return try await database.read { db in
            let model = try await database.scoringModelCache.model(on: db)
            return try await KeptScoreRow.read(leadIds, on: db).mapValues { $0.valued(at: now, model) }
        }
    }

    public func score(leadId: Lead.ID, now: Double) async throws -> LeadScore? {
        try await scores(leadIds: [leadId], now: now)[leadId]
    }

    /// Explains a lead's scores under the model in force (or under `draft`, to test a model
    /// before saving it), from its full history.
    public func explain(leadId: Lead.ID, now: Double, under draft: CompiledScoringModel? = nil) async throws -> ScoreExplanation? {
        try await report(leadId: leadId, now: now, under: draft)?.explanation
    }

    /// Explains each of these leads' scores under the model in force, from one read of their
    /// histories. A lead that no longer exists is left out.
    public func explain(leadIds: [Lead.ID], now: Double) async throws -> [Lead.ID: ScoreExplanation] {
        guard !leadIds.isEmpty else { return [:] }
        return try await database.read { db in
            let model = try await database.scoringModelCache.model(on: db).compiled
            let leads = try await db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
                .where("id", .in, SQLBind.group(leadIds)).all().map(LeadRow.decode)
            let accounts = try await AccountFacts.load(ids: Set(leads.compactMap(\.accountId)), on: db)
            let histories = try await ScoringHistory.load(
                leadIds: leadIds, readProperties: model.readsEventProperties, readCampaign: model.readsEventCampaign, on: db)
            var explanations: [Lead.ID: ScoreExplanation] = [:]
            for lead in leads {
                let subject = FitSubject(lead: lead, account: lead.accountId.flatMap { accounts[$0] })
                explanations[lead.id] = ScoreExplanation(subject: subject, events: histories[lead.id] ?? [], model: model, now: now)
            }
            return explanations
        }
    }

    /// The explanation, and the lead's engagement as it stood at each of `samples` (times in
    /// ascending order, for the score-over-time chart), from one read of its history.
    public func report(
        leadId: Lead.ID, now: Double, samples: [Double] = [], under draft: CompiledScoringModel? = nil
    ) async throws -> LeadScoreReport? {
        try await database.read { db in
            guard let lead = try await LeadStore.find(id: leadId, on: db) else { return nil }
            let model: CompiledScoringModel
            if let draft { model = draft } else { model = try await database.scoringModelCache.model(on: db).compiled }
            let account = try await AccountFacts.load(ids: Set([lead.accountId].compactMap { $0 }), on: db).values.first
            let events = try await ScoringHistory.load(leadIds: [leadId], readProperties: model.readsEventProperties, on: db)[leadId] ?? []
            let subject = FitSubject(lead: lead, account: account)
            // The same fold the kept score makes, stopped at each sample to read the score then.
            var state = EngagementState()
            var next = events.startIndex
            var engagement: [Double] = []
            for time in samples {
                while next < events.endIndex, events[next].occurredAt <= time {
                    _ = state.apply(events[next], model)
                    next += 1
                }
                engagement.append(state.score(at: time, model))
            }
            return LeadScoreReport(
                explanation: ScoreExplanation(subject: subject, events: events, model: model, now: now), engagementAt: engagement,
                mqlEngagement: model.model.mql.engagement)
        }
    }

    /// The kept engagement state and the version it was computed under (for checks and tests).
    func keptState(leadId: Lead.ID) async throws -> (version: Int64, fit: Double, state: EngagementState, queued: Bool)? {
        try await database.read { db in
            try await db.select().columns(KeptScoreRow.columns).from("lead_scores").where("lead_id", .equal, SQLBind(leadId))
                .first().map(KeptScoreRow.decode).map { kept in
                    (kept.modelVersion, kept.fit, EngagementState(stored: try JSONValue.parse(kept.state)), kept.replayQueued)
                }
        }
    }
}
