import SQLKit
import TandemCore

/// A `lead_scores` row: the scores as the scorer wrote them, and the state they continue from.
/// The state is kept as text and each reader decides what an unreadable one means.
struct KeptScoreRow: Sendable {
    let leadId: Lead.ID
    let modelVersion: Int64
    let fit: Double
    /// Engagement as of `engagementAsOf`, the time of the lead's latest award.
    let engagement: Double
    let engagementAsOf: Double?
    let lastEventAt: Double?
    /// `EngagementState.callNowUntil`; `nil` in rows written before it was kept.
    let callNowUntil: Double?
    let state: String
    let replayQueued: Bool

    static let columns = [
        "lead_id", "model_version", "fit", "engagement", "engagement_as_of", "last_event_at", "call_now_until", "state",
        "replay_queued",
    ].map { SQLColumn($0) }

    /// Column by column: the generic row decoder costs more than the rest of a list page's reads.
    static func decode(_ row: any SQLRow) throws -> KeptScoreRow {
        KeptScoreRow(
            leadId: try row.leadID(), modelVersion: try row.decode(column: "model_version", as: Int64.self),
            fit: try row.decode(column: "fit", as: Double.self), engagement: try row.decode(column: "engagement", as: Double.self),
            engagementAsOf: try row.decode(column: "engagement_as_of", as: Double?.self),
            lastEventAt: try row.decode(column: "last_event_at", as: Double?.self),
            callNowUntil: try row.decode(column: "call_now_until", as: Double?.self),
            state: try row.decode(column: "state", as: String.self), replayQueued: try row.decode(column: "replay_queued", as: Bool.self))
    }

    static func read(_ ids: [Lead.ID], on db: any SQLDatabase) async throws -> [Lead.ID: KeptScoreRow] {
        guard !ids.isEmpty else { return [:] }
        var kept: [Lead.ID: KeptScoreRow] = [:]
        for row in try await db.select().columns(columns).from("lead_scores").where("lead_id", .in, SQLBind.group(ids)).all() {
            let score = try decode(row)
            kept[score.leadId] = score
        }
        return kept
    }

    /// The scores at `now`, from the kept columns alone when they answer exactly (the usual
    /// case: written under the model in force, valued at or after the latest award), else from
    /// the kept state. An unreadable state reads as no engagement until the
    /// lead's next scoring replays it (decision 0006).
    func valued(at now: Double, _ model: ActiveScoringModel) -> LeadScore {
        let compiled = model.compiled
        let engagement: Double
        let callNow: Bool
        let lastActivityAt: Double?
        if let callNowUntil, modelVersion == model.version, now >= engagementAsOf ?? now {
            engagement = engagementAsOf.map { compiled.decay.value(self.engagement, from: $0, to: now) } ?? 0
            callNow = now <= callNowUntil
            lastActivityAt = lastEventAt
        } else {
            let restored = EngagementState(restoring: state) ?? EngagementState()
            engagement = restored.score(at: now, compiled)
            callNow = restored.callNow(at: now, compiled)
            lastActivityAt = restored.lastEventAt
        }
        return LeadScore(
            leadId: leadId, modelVersion: modelVersion, fit: fit, engagement: engagement,
            grade: compiled.grade(fit: fit, engagement: engagement), callNow: callNow, lastActivityAt: lastActivityAt, asOf: now)
    }
}
