import TandemCore
import TandemStore

/// The lead page: who the lead is, its score explained, its hand-off, its history and timeline,
/// what buyers said in interviews, and the forms that edit it. A refused form shows what was
/// typed, not what is stored, with each error beside its field.
struct LeadPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "score": \.score, "handoff": \.handOff, "answered": \.answered, "activity_chart": \.activityChart, "history": \.history,
        "timeline": \.timeline, "timeline_empty": \.timelineEmpty, "timeline_older": \.timelineOlder,
        "timeline_newest": \.timelineNewest, "stage_options": \.stageOptions, "can_assign": \.canAssign,
        "has_interviews": \.hasInterviews, "interviews": \.interviews, "account": \.account, "reps": \.reps, "edit_open": \.editOpen,
        "score_chart": \.scoreChart, "activity_form": \.activityForm, "reason_codes": \.reasonCodes,
        "undoable": \.undoable, "reassign_reps": \.reassignReps, "can_reassign": \.canReassign,
    ]

    struct Change: TemplateModel {
        static let fields: TemplateFields<Self> = ["from": \.from, "to": \.to, "at": \.at, "actor": \.actor, "reason": \.reason]

        let from, to, at, actor, reason: String

        init(_ change: StoredStageChange, names: [String: String]) {
            from = change.from?.label ?? "—"
            to = change.to.label
            at = Display.dateTime(change.changedAt)
            actor = DisplayNames.actor(change.actor, names: names)
            reason = DisplayNames.stageReason(change.reason)
        }
    }

    struct Interview: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "title": \.title, "at": \.at, "interviewer": \.interviewer, "notes": \.notes, "tags": \.tags,
        ]

        let title, at, interviewer, notes: String
        let tags: [String]

        init(_ interview: TandemStore.Interview) {
            title = interview.title
            at = Display.date(interview.conductedAt)
            interviewer = interview.interviewer
            notes = interview.notes
            tags = interview.tags
        }
    }

    struct AccountLink: TemplateModel {
        static let fields: TemplateFields<Self> = ["id": \.id, "name": \.name, "domain": \.domain]

        let id: Account.ID
        let name, domain: String

        init(_ account: Account) {
            id = account.id
            name = AccountRowView.name(of: account)
            domain = account.domain ?? ""
        }
    }

    struct RepOption: TemplateModel {
        static let fields: TemplateFields<Self> = ["email": \.email, "name": \.name, "selected": \.selected]

        let email, name: String
        let selected: Bool
    }

    /// The form that logs a call, email, meeting or note: its choices, and when it happened by
    /// default (now, in the viewer's zone, as `datetime-local` reads it).
    struct ActivityForm: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "kinds": \.kinds, "outcome_groups": \.outcomeGroups, "occurred_default": \.occurredDefault, "zone": \.zone,
        ]

        struct OutcomeGroup: TemplateModel {
            static let fields: TemplateFields<Self> = ["label": \.label, "options": \.options]

            let label: String
            let options: [FilterOption]
        }

        let kinds: [FilterOption]
        let outcomeGroups: [OutcomeGroup]
        let occurredDefault, zone: String

        init(form: FormData?, now: Double) {
            let kind = form?["kind"] ?? SalesActivityKind.call.rawValue
            let outcome = form?["outcome"]
            kinds = SalesActivityKind.allCases.map { FilterOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == kind) }
            outcomeGroups = SalesActivityKind.allCases.filter { !$0.outcomes.isEmpty }.map { kind in
                OutcomeGroup(
                    label: kind.label,
                    options: kind.outcomes.map { FilterOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == outcome) })
            }
            occurredDefault = Display.localInput(now)
            zone = Display.zoneName(at: now)
        }
    }

    let profile: LeadProfileView
    let score: ScoreExplanationView?
    let handOff: HandOffView?
    /// After an answer from this page: what it did.
    let answered: String?
    let activityChart: String
    let history: [Change]
    let timeline: [TimelineRow]
    var timelineEmpty: Bool { timeline.isEmpty }
    /// Links to the next (older) page of the timeline, and back to its newest.
    let timelineOlder, timelineNewest: String?
    let stageOptions: [FilterOption]
    let canAssign: Bool
    let interviews: [Interview]
    var hasInterviews: Bool { !interviews.isEmpty }
    let account: AccountLink?
    /// The reps the lead can be assigned to; nil for people who may not assign.
    let reps: [RepOption]?
    let editOpen: Bool
    /// Engagement over the last weeks against the MQL threshold, as SVG.
    var scoreChart: String?
    /// Nil for people who may not log activities on this lead.
    var activityForm: ActivityForm?
    /// The rejection codes a stage move may give, the refused form's choice selected.
    var reasonCodes: [FilterOption] = []
    /// Set just after the rep answered here: the notice offers to take the answer back.
    var undoable = false
    /// The reps an admin can move the waiting hand-off to.
    var reassignReps: [FilterOption] = []
    var canReassign: Bool { !reassignReps.isEmpty }
    /// The refused form, whose values and errors win over what is stored.
    let refused: FormState?

    func child(named name: String) -> Any? {
        refused?.child(named: name) ?? field(named: name) ?? profile.child(named: name)
    }
}

/// A lead's own fields as the page shows them, each also under `f_` as the edit form's value.
struct LeadProfileView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "id": \.id, "name": \.name, "initials": \.initials, "stage": \.stage, "stage_key": \.stageKey, "created": \.created,
        "updated": \.updated, "attributes": \.attributes,
        "email": \.email, "f_email": \.email, "title": \.title, "f_title": \.title, "company": \.company, "f_company": \.company,
        "phone": \.phone, "f_phone": \.phone, "country": \.country, "f_country": \.country, "industry": \.industry,
        "f_industry": \.industry, "source": \.source, "f_source": \.source, "owner": \.owner, "f_owner": \.owner,
        "first_name": \.firstName, "f_first_name": \.firstName, "last_name": \.lastName, "f_last_name": \.lastName,
        "company_size": \.companySize, "f_company_size": \.companySize, "source_label": \.sourceLabel, "owner_name": \.ownerName,
    ]

    struct Attribute: TemplateModel {
        static let fields: TemplateFields<Self> = ["name": \.name, "value": \.value]

        let name, value: String
    }

    let id: Lead.ID
    let name, initials, stage, stageKey, created, updated: String
    let email, title, company, phone, country, industry, source, owner, firstName, lastName, companySize: String
    let attributes: [Attribute]
    /// The source and the owner as people read them; the edit form keeps the codes.
    let sourceLabel: String
    let ownerName: String

    init(_ lead: Lead, names: [String: String] = [:], now: Double) {
        id = lead.id
        name = Display.name(of: lead)
        initials = Display.initials(of: lead)
        stage = lead.stage.label
        stageKey = lead.stage.rawValue
        created = Display.date(lead.createdAt)
        updated = Display.relative(lead.updatedAt, now: now)
        email = lead.email ?? ""
        title = lead.title ?? ""
        company = lead.company ?? ""
        phone = lead.phone ?? ""
        country = lead.country ?? ""
        industry = lead.industry ?? ""
        source = lead.source ?? ""
        owner = lead.owner ?? ""
        sourceLabel = DisplayNames.source(lead.source)
        ownerName = lead.owner.map { names[$0.lowercased()] ?? $0 } ?? ""
        firstName = lead.firstName ?? ""
        lastName = lead.lastName ?? ""
        companySize = lead.companySize.map(String.init) ?? ""
        attributes = lead.attributes.sorted { $0.key < $1.key }.map {
            Attribute(name: $0.key, value: $0.value.textValue ?? $0.value.jsonText)
        }
    }
}

/// One entry of a lead's timeline: a tracked event (marketing's touches), a sales activity
/// (sales' touches, marked as such), or a stage change.
struct TimelineRow: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "kind": \.kind, "label": \.label, "detail": \.detail, "at": \.at, "exact": \.exact, "is_stage": \.isStage,
        "team": \.team, "notes": \.notes,
    ]

    let kind, label, detail, at, exact: String
    let isStage: Bool
    /// "Sales" on the sales team's touches.
    var team: String?
    /// An activity's notes, shown as written.
    var notes: String?

    init(_ entry: TimelineEntry, names: [String: String], now: Double) {
        switch entry {
        case .event(let event):
            var detail = event.url ?? ""
            if let campaign = event.campaign.name { detail = "Campaign: \(campaign)" + (detail.isEmpty ? "" : " · \(detail)") }
            kind = event.type.rawValue
            label = DisplayNames.event(type: event.type, name: event.name)
            self.detail = detail
            at = Display.relative(event.occurredAt, now: now)
            exact = Display.dateTime(event.occurredAt)
            isStage = false
        case .activity(let activity):
            kind = "activity"
            label = [activity.kind.label, activity.outcome?.label].compactMap { $0 }.joined(separator: " · ")
            var parts = [activity.subject].compactMap { $0 }
            if let minutes = activity.durationMinutes { parts.append("\(minutes) min") }
            parts.append("by \(DisplayNames.actor(activity.actor, names: names))")
            detail = parts.joined(separator: " · ")
            at = Display.relative(activity.occurredAt, now: now)
            exact = Display.dateTime(activity.occurredAt)
            isStage = false
            team = "Sales"
            notes = activity.notes
        case .stageChange(let change):
            kind = "stage"
            label = "Stage: \(change.from?.label ?? "new") → \(change.to.label)"
            detail = [DisplayNames.stageReason(change.reason), "by \(DisplayNames.actor(change.actor, names: names))"].filter {
                !$0.isEmpty
            }.joined(separator: " · ")
            at = Display.relative(change.changedAt, now: now)
            exact = Display.dateTime(change.changedAt)
            isStage = true
        }
    }
}
