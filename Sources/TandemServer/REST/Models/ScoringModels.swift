import TandemCore
import TandemStore

/// A lead's fit and engagement, explained rule by rule.
struct ScoreExplanationDTO: APIModel {
    struct FitRule: Codable, Sendable {
        let rule, name: String
        let points: Double
    }

    struct Fit: Codable, Sendable {
        let score: Double
        let rules: [FitRule]
    }

    struct Award: Codable, Sendable {
        let rule, name: String
        let eventId: Int64
        let at: APITime
        let points: Double
        /// What is left of the points after decay, now.
        let remaining: Double
    }

    struct Engagement: Codable, Sendable {
        let score: Double
        let awards: [Award]
    }

    let leadId: Lead.ID
    let asOf: APITime
    let grade: String
    let callNow: Bool
    let fit: Fit
    let engagement: Engagement
    /// The model's version, when the answer is about one lead.
    @OmittedWhenNil var modelVersion: Int64?

    static var schemaName: String { "ScoreExplanation" }

    init(_ explanation: ScoreExplanation, leadId: Lead.ID, modelVersion: Int64? = nil) {
        func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
        self.leadId = leadId
        asOf = APITime(explanation.asOf)
        grade = explanation.grade
        callNow = explanation.callNow
        fit = Fit(
            score: round(explanation.fit.total),
            rules: explanation.fit.contributions.map { FitRule(rule: $0.ruleId, name: $0.ruleName, points: round($0.points)) })
        engagement = Engagement(
            score: round(explanation.engagement),
            awards: explanation.lines.map { line in
                Award(
                    rule: line.award.ruleId, name: line.award.ruleName, eventId: line.award.eventId, at: APITime(line.award.at),
                    points: round(line.award.points), remaining: round(line.remaining))
            })
        self.modelVersion = modelVersion
    }
}

/// A re-scoring of every lead after the model changed.
struct ScoreJobDTO: APIModel {
    let id, modelVersion: Int64
    let status: ScoreJobStatus
    let total, done: Int
    /// From 0 to 1.
    let progress: Double
    let createdAt: APITime
    let finishedAt: APITime?

    static var schemaName: String { "ScoreJob" }

    init(_ job: ScoreJob) {
        id = job.id
        modelVersion = job.modelVersion
        status = job.status
        total = job.total
        done = job.done
        progress = (job.fractionDone * 1000).rounded() / 1000
        createdAt = APITime(job.createdAt)
        finishedAt = APITime(job.finishedAt)
    }
}

/// The answer to a new model: its version and the re-scoring it started.
struct ModelSavedDTO: Codable, Sendable {
    let version: Int64
    let job: ScoreJobDTO
}

/// The latest re-scoring, `null` before the first.
struct LatestJobDTO: Codable, Sendable {
    let job: ScoreJobDTO?
}
