/// A lead's scores as one scorer sees them now.
public struct ScoreCard: Sendable, Hashable {
    /// How well the lead matches the buyer: 0 to 100.
    public let fit: Double
    /// How much the lead engages, decayed to now.
    public let engagement: Double
    /// A burst of buying intent right now.
    public let callNow: Bool

    public init(fit: Double, engagement: Double, callNow: Bool) {
        self.fit = fit
        self.engagement = engagement
        self.callNow = callNow
    }
}

/// What turns a lead and its engagement into scores. The rule model is one scorer; a
/// predictive scorer trained on past outcomes plugs in beside it, reading the same lead and the
/// same kept engagement, so hand-off and the inbox need not know which one spoke.
public protocol Scorer: Sendable {
    func scoreCard(_ subject: FitSubject, engagement: EngagementState, at now: Double) -> ScoreCard
}

/// The scorer of the rule model: fit rules, engagement rules with decay, the call-now window.
public struct RuleScorer: Scorer {
    public let model: CompiledScoringModel

    public init(_ model: CompiledScoringModel) {
        self.model = model
    }

    public func scoreCard(_ subject: FitSubject, engagement: EngagementState, at now: Double) -> ScoreCard {
        ScoreCard(fit: model.fit(subject).total, engagement: engagement.score(at: now, model), callNow: engagement.callNow(at: now, model))
    }
}
