/// Why a lead has its scores: each fit rule that holds, and each engagement award with its
/// time and what is left of it after decay. The remaining points add up to the engagement
/// score, so a person can check the total against the log.
public struct ScoreExplanation: Sendable {
    public struct EngagementLine: Sendable, Hashable {
        public let award: Award
        public let remaining: Double
    }

    public let fit: FitScore
    public let engagement: Double
    public let lines: [EngagementLine]
    public let grade: String
    public let callNow: Bool
    public let asOf: Double

    /// Explains a lead from its full history, valued at `now`.
    public init(subject: FitSubject, events: [ScoringEvent], model: CompiledScoringModel, now: Double) {
        let (state, awards) = EngagementState.replay(events, model)
        fit = model.fit(subject)
        engagement = state.score(at: now, model)
        lines = awards.reversed().map { award in
            EngagementLine(award: award, remaining: model.decay.value(award.points, from: award.at, to: now))
        }
        grade = model.grade(fit: fit.total, engagement: engagement)
        callNow = state.callNow(at: now, model)
        asOf = now
    }
}
