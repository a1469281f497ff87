import Foundation
import SQLKit
import TandemCore

/// What saving a draft scoring model would do to the real leads, computed before anything is
/// saved: which nurtured leads would become MQLs (and so be handed to sales by the re-scoring
/// that saving starts), and which MQLs that meet the thresholds now would no longer meet them
/// (MQLs adopted from before Tandem that never met them are not counted as leaving).
public struct ScoringPreview: Sendable {
    /// One lead the draft changes, with its scores now and under the draft.
    public struct Sample: Sendable, Hashable {
        public let lead: Lead
        public let draftFit: Double
        public let draftEngagement: Double
        public let draftGrade: String
    }

    /// Leads in nurture stages or at MQL that the draft was evaluated on.
    public let evaluated: Int
    /// True when there were more such leads than a preview reads (`ScoringPreviewer.maximumLeads`).
    public let truncated: Bool
    public let becomeMQLCount: Int
    public let becomeMQL: [Sample]
    public let leaveCount: Int
    public let leave: [Sample]
    public let asOf: Double
}

/// Evaluates a draft model on the stored leads the way a re-scoring would: each lead's history
/// replayed under the draft, its fit recomputed, then the hand-off policy asked. Reads only, so
/// previews never hold the writer.
public struct ScoringPreviewer: Sendable {
    let database: Database

    /// A preview reads at most this many leads (in id order); a bigger database is previewed
    /// on its first part and says so.
    public static let maximumLeads = 200_000
    public static let sampleSize = 10
    static let chunkSize = 1000

    public func preview(_ draft: CompiledScoringModel, now: Double) async throws -> ScoringPreview {
        try await database.read { db in
            let current = try await database.scoringModelCache.model(on: db)
            // A draft that changes only thresholds, grades or fit rules scores engagement as the
            // model in force does, so the kept states (equal to a replay, see `LeadScorer`) serve
            // as they are and only leads without a current one are replayed.
            let keptStatesServe =
                draft.model.engagementRules == current.compiled.model.engagementRules
                && draft.model.halfLifeDays == current.compiled.model.halfLifeDays
            var counts = (evaluated: 0, become: 0, leave: 0)
            var become: [ScoringPreview.Sample] = []
            var leave: [ScoringPreview.Sample] = []
            var after: Int64 = 0
            var truncated = false
            let stages = (HandOffPolicy.nurtureStages.union([.mql])).map(\.rawValue).sorted()
            while true {
                let limit = min(Self.chunkSize, Self.maximumLeads - counts.evaluated)
                guard limit > 0 else {
                    truncated =
                        try await db.select().column("id").from("leads").where("id", .greaterThan, SQLBind(after))
                        .where("stage", .in, SQLBind.group(stages)).limit(1).first() != nil
                    break
                }
                let leads = try await db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
                    .where("id", .greaterThan, SQLBind(after)).where("stage", .in, SQLBind.group(stages)).orderBy("id").limit(limit)
                    .all().map(LeadRow.decode)
                guard let last = leads.last else { break }
                after = last.id.rawValue
                counts.evaluated += leads.count
                let accounts = try await AccountFacts.load(ids: Set(leads.compactMap(\.accountId)), on: db)
                // Kept rows serve the MQLs' thresholds now, and every lead's state when they serve.
                let kept = try await Self.keptScores(
                    (keptStatesServe ? leads : leads.filter { $0.stage == .mql }).map(\.id), on: db)
                let meetingNow = Self.meetingThresholds(
                    leads.filter { $0.stage == .mql }.map(\.id), kept: kept, under: current.compiled, now: now)
                var states: [Lead.ID: EngagementState] = [:]
                if keptStatesServe {
                    for (id, row) in kept where row.modelVersion == current.version && !row.replayQueued {
                        states[id] = EngagementState(restoring: row.state)
                    }
                }
                let replayed = leads.map(\.id).filter { states[$0] == nil }
                let histories =
                    replayed.isEmpty
                    ? [:]
                    : try await ScoringHistory.load(
                        leadIds: replayed, readProperties: draft.readsEventProperties, readCampaign: draft.readsEventCampaign, on: db)
                for id in replayed { states[id] = EngagementState.replay(histories[id] ?? [], draft).state }
                let recycledAt = try await HandOffWriter.recycleTimes(leads.filter { $0.stage == .recycled }.map(\.id), on: db)
                for lead in leads {
                    let subject = FitSubject(lead: lead, account: lead.accountId.flatMap { accounts[$0] })
                    let state = states[lead.id] ?? EngagementState()
                    let fit = draft.fit(subject).total
                    let engagement = state.score(at: now, draft)
                    let sample = ScoringPreview.Sample(
                        lead: lead, draftFit: fit, draftEngagement: engagement, draftGrade: draft.grade(fit: fit, engagement: engagement))
                    if lead.stage == .mql {
                        guard meetingNow.contains(lead.id), fit < draft.model.mql.fit || engagement < draft.model.mql.engagement else {
                            continue
                        }
                        counts.leave += 1
                        if leave.count < Self.sampleSize { leave.append(sample) }
                    } else if HandOffPolicy.isReady(
                        stage: lead.stage, fit: fit, engagement: engagement, recycledAt: recycledAt[lead.id], now: now, model: draft.model)
                        && StageTransitions.isAllowed(from: lead.stage, to: .mql, actor: HandOffWriter.ruleActor, reason: "ready")
                    {
                        counts.become += 1
                        if become.count < Self.sampleSize { become.append(sample) }
                    }
                }
                if leads.count < limit { break }
            }
            return ScoringPreview(
                evaluated: counts.evaluated, truncated: truncated, becomeMQLCount: counts.become, becomeMQL: become,
                leaveCount: counts.leave, leave: leave, asOf: now)
        }
    }

    private static func keptScores(_ ids: [Lead.ID], on db: any SQLDatabase) async throws -> [Lead.ID: KeptScoreRow] {
        try await KeptScoreRow.read(ids, on: db)
    }

    /// The leads whose kept scores meet the thresholds of the model in force now.
    private static func meetingThresholds(
        _ ids: [Lead.ID], kept: [Lead.ID: KeptScoreRow], under model: CompiledScoringModel, now: Double
    ) -> Set<Lead.ID> {
        var meeting: Set<Lead.ID> = []
        for kept in ids.compactMap({ kept[$0] }) {
            // An unreadable kept state reads as no engagement (decision 0006).
            let engagement = (EngagementState(restoring: kept.state) ?? EngagementState()).score(at: now, model)
            if kept.fit >= model.model.mql.fit && engagement >= model.model.mql.engagement { meeting.insert(kept.leadId) }
        }
        return meeting
    }
}
