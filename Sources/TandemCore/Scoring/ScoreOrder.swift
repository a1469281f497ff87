import Foundation

/// Keys that let the database order leads by their scores without valuing each lead at the
/// moment asked: the leads list sorts a million leads by engagement with an index, although
/// engagement decays with every passing second.
///
/// Decay is one exponential with one half-life for every lead, so it never changes the order of
/// two positive engagements: `e·2^(−(now−asOf)/h)` orders as `log2(e) + asOf/h`, whatever `now`
/// is. Negative engagement (penalties) orders the other way round, and zero sits between.
public enum ScoreOrder {
    /// Puts every positive rank above zero and every negative one below it; `log2` of a
    /// `Double` and `asOf/h` for any real time and half-life stay far inside it.
    static let offset = 1e7

    /// A rank of engagement that orders leads as their decayed engagement does at any moment.
    public static func engagementRank(score: Double, asOf: Double?, decay: Decay) -> Double {
        guard let asOf, score != 0, score.isFinite, asOf.isFinite else { return 0 }
        let time = decay.halfLife > 0 ? asOf / decay.halfLife : 0
        let key = log2(abs(score)) + time
        return score > 0 ? offset + key : -offset - key
    }
}

extension EngagementState {
    /// This state's `ScoreOrder.engagementRank` under `decay`.
    public func rank(_ decay: Decay) -> Double {
        ScoreOrder.engagementRank(score: score, asOf: asOf, decay: decay)
    }
}

extension CompiledScoringModel {
    /// The band of a fit score: 0 for the grade letter A, 1 for B, 2 for C, 3 for D. With the
    /// engagement rank it orders leads by grade, A1 first.
    public func fitBand(_ fit: Double) -> Int {
        model.grades.fit.prefix(3).firstIndex { fit >= $0 } ?? 3
    }
}
