import TandemCore
import TandemStore

/// The scoring page: the active model in words and as a document, the re-scoring job, and the
/// saved versions.
struct ScoringPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "version": \.version, "can_edit": \.canEdit, "document": \.document, "half_life": \.halfLife, "mql_fit": \.mqlFit,
        "mql_engagement": \.mqlEngagement, "grades_fit": \.gradesFit, "grades_engagement": \.gradesEngagement,
        "cool_down": \.coolDown, "call_now": \.callNow, "fit_rules": \.fitRules, "engagement_rules": \.engagementRules,
        "job": \.job, "job_running": \.jobRunning, "versions": \.versions, "notice": \.notice, "has_errors": \.hasErrors,
        "errors": \.errors,
    ]

    struct Rule: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "id": \.id, "name": \.name, "event": \.event, "when": \.when, "points": \.points, "limits": \.limits,
        ]

        let id, name, when, points: String
        /// Engagement rules only: the event they score and how often.
        var event, limits: String?
    }

    /// A re-scoring's progress: drawn on the page, and polled as JSON (`/scoring/progress`)
    /// so the page updates without reloading what is being typed.
    struct Job: TemplateModel, Encodable {
        static let fields: TemplateFields<Self> = [
            "status": \.status, "done": \.done, "total": \.total, "percent": \.percent, "running": \.running, "version": \.version,
        ]

        let status: String
        let done, total: Int
        let percent: Int
        let running: Bool
        let version: Int64

        init(_ job: ScoreJob) {
            status = job.status.rawValue
            done = job.done
            total = job.total
            percent = (job.fractionDone * 100).rounded().clampedInt
            running = job.status.isActive
            version = job.modelVersion
        }
    }

    struct Version: TemplateModel {
        static let fields: TemplateFields<Self> = ["version": \.version, "at": \.at, "by": \.by]

        let version: Int64
        let at, by: String
    }

    let version: String
    let canEdit: Bool
    let document: String
    let halfLife, mqlFit, mqlEngagement, gradesFit, gradesEngagement, coolDown, callNow: String
    let fitRules, engagementRules: [Rule]
    let job: Job?
    var jobRunning: Bool { job?.running ?? false }
    let versions: [Version]
    let notice: String?
    /// A refused document's problems, each with the field it is about.
    let errors: [FormState.Problem]
    var hasErrors: Bool { !errors.isEmpty }
}
