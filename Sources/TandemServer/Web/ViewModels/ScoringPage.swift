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
        "errors": \.errors, "preview": \.preview, "test": \.test, "previewed": \.previewed, "restoring": \.restoring,
        "lead_query": \.leadQuery, "has_versions": \.hasVersions, "builder": \.builder,
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
        static let fields: TemplateFields<Self> = ["version": \.version, "at": \.at, "by": \.by, "in_force": \.inForce]

        let version: Int64
        let at, by: String
        var inForce = false
    }

    /// What saving the draft would do, on the real leads.
    struct Preview: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "evaluated": \.evaluated, "truncated": \.truncated, "become_count": \.becomeCount, "become": \.become,
            "leave_count": \.leaveCount, "leave": \.leave, "more_become": \.moreBecome, "more_leave": \.moreLeave,
            "confirmation": \.confirmation, "has_become": \.hasBecome, "has_leave": \.hasLeave,
        ]

        let evaluated: String
        let truncated: Bool
        let becomeCount, leaveCount: String
        let become, leave: [PreviewLead]
        let moreBecome, moreLeave: Bool
        var hasBecome: Bool { !become.isEmpty }
        var hasLeave: Bool { !leave.isEmpty }
        /// What the save button says the save will do.
        let confirmation: String

        init(_ preview: ScoringPreview, current: [Lead.ID: LeadScore]) {
            evaluated = Display.count(preview.evaluated)
            truncated = preview.truncated
            becomeCount = Display.count(preview.becomeMQLCount)
            leaveCount = Display.count(preview.leaveCount)
            become = preview.becomeMQL.map { PreviewLead($0, current: current[$0.lead.id]) }
            leave = preview.leave.map { PreviewLead($0, current: current[$0.lead.id]) }
            moreBecome = preview.becomeMQLCount > become.count
            moreLeave = preview.leaveCount > leave.count
            confirmation =
                preview.becomeMQLCount == 0
                ? "Save and re-score: no lead becomes an MQL"
                : "Save and re-score: \(becomeCount) \(preview.becomeMQLCount == 1 ? "lead becomes an MQL" : "leads become MQLs") and go to sales"
        }
    }

    /// A lead in the preview: its grade now and under the draft.
    struct PreviewLead: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "id": \.id, "name": \.name, "company": \.company, "stage": \.stage, "now": \.now, "draft": \.draft,
        ]

        let id: Lead.ID
        let name, company, stage, now, draft: String

        init(_ sample: ScoringPreview.Sample, current: LeadScore?) {
            id = sample.lead.id
            name = Display.name(of: sample.lead)
            company = sample.lead.company ?? ""
            stage = sample.lead.stage.label
            now =
                current.map { "\($0.grade) (fit \(ScoreView.score($0.fit)), engagement \(ScoreView.score($0.engagement)))" } ?? "not scored"
            draft =
                "\(sample.draftGrade) (fit \(ScoreView.score(sample.draftFit)), engagement \(ScoreView.score(sample.draftEngagement)))"
        }
    }

    /// One lead's score explained now and under the draft.
    struct Test: TemplateModel {
        static let fields: TemplateFields<Self> = ["lead_id": \.leadId, "name": \.name, "now": \.now, "draft": \.draft]

        let leadId: Lead.ID
        let name: String
        let now, draft: ScoreExplanationView
    }

    let version: String
    let canEdit: Bool
    let document: String
    let halfLife, mqlFit, mqlEngagement, gradesFit, gradesEngagement, coolDown, callNow: String
    let fitRules, engagementRules: [Rule]
    let job: Job?
    var jobRunning: Bool { job?.running ?? false }
    let versions: [Version]
    var hasVersions: Bool { !versions.isEmpty }
    let notice: String?
    /// A refused document's problems, each with the field it is about.
    let errors: [FormState.Problem]
    var hasErrors: Bool { !errors.isEmpty }
    var preview: Preview?
    var test: Test?
    /// The digest of the document the preview was computed for: saving that very document
    /// needs no second preview.
    var previewed: String?
    /// The version being restored, kept while its document is previewed and saved.
    var restoring: Int64?
    /// The lead typed into "Test on a lead", as typed.
    var leadQuery = ""
    /// The rule builder, showing the draft's rules; for people who may edit.
    var builder: RuleBuilderView?
}
