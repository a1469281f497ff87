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

/// A `lead_scores` row: the state is kept as the text the scorer wrote, and each reader decides
/// what an unreadable one means.
struct KeptScoreRow: TableRow {
    let leadId: Lead.ID
    let modelVersion: Int64
    let fit: Double
    let state: String
    let replayQueued: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case fit, state
        case leadId = "lead_id", modelVersion = "model_version", replayQueued = "replay_queued"
    }
}

/// Reads kept scores and explains them from the lead's history.
public struct LeadScoreStore: Sendable {
    let database: Database

    /// Kept scores of these leads, decayed to `now`.
    public func scores(leadIds: [Lead.ID], now: Double) async throws -> [Lead.ID: LeadScore] {
        guard !leadIds.isEmpty else { return [:] }
        return try await database.read { db in
            let model = try await database.scoringModelCache.model(on: db)
            var scores: [Lead.ID: LeadScore] = [:]
            for kept in try await db.select().columns(KeptScoreRow.columns).from("lead_scores")
                .where("lead_id", .in, SQLBind.group(leadIds)).all().map(KeptScoreRow.decode)
            {
                // An unreadable kept state reads as no engagement until the lead's next scoring
                // replays it (decision 0006).
                let state = EngagementState(restoring: kept.state) ?? EngagementState()
                let engagement = state.score(at: now, model.compiled)
                scores[kept.leadId] = LeadScore(
                    leadId: kept.leadId, modelVersion: kept.modelVersion, fit: kept.fit, engagement: engagement,
                    grade: model.compiled.grade(fit: kept.fit, engagement: engagement), callNow: state.callNow(at: now, model.compiled),
                    lastActivityAt: state.lastEventAt, asOf: now)
            }
            return scores
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
