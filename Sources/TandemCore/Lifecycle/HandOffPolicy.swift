/// Decides when marketing's nurture is done: a lead becomes an MQL when its fit and its
/// engagement (decayed to now) both reach the model's thresholds. Leads past nurture are left
/// alone; a recycled lead comes back only after the cool-down.
public enum HandOffPolicy {
    /// The stages scoring may promote to `mql`.
    public static let nurtureStages: Set<LifecycleStage> = [.subscriber, .lead, .recycled]

    public static func isReady(
        stage: LifecycleStage, fit: Double, engagement: Double, recycledAt: Double?, now: Double, model: ScoringModel
    ) -> Bool {
        guard nurtureStages.contains(stage) else { return false }
        if stage == .recycled, let recycledAt, now - recycledAt < TimeSpan.days(model.recycleCoolDownDays) { return false }
        return fit >= model.mql.fit && engagement >= model.mql.engagement
    }
}
