import TandemCore
import TandemStore

/// The leads list: a page of leads, the filters that chose them, and the way to the next page.
struct LeadListPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "heading": \.heading, "leads": \.leads, "total": \.total, "first": \.first, "last": \.last, "page": \.page,
        "pages": \.pages, "empty": \.empty, "filtered": \.filtered, "can_filter_owner": \.canFilterOwner, "q": \.q,
        "stages": \.stages, "owners": \.owners, "sources": \.sources, "sorts": \.sorts, "previous": \.previous, "next": \.next,
        "headers": \.headers, "notice": \.notice, "bulk": \.bulk, "can_export": \.canExport, "export_link": \.exportLink,
        "can_import": \.canImport, "views": \.views, "has_views": \.hasViews, "view_query": \.viewQuery,
        "can_share": \.canShare,
    ]

    /// The bulk actions' form: offered to people who may change leads, with the choices their
    /// role allows.
    struct Bulk: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "return_to": \.returnTo, "can_assign": \.canAssign, "can_export": \.canExport, "reps": \.reps, "stages": \.stages,
            "reasons": \.reasons,
        ]

        let returnTo: String
        let canAssign, canExport: Bool
        let reps, stages, reasons: [FilterOption]
    }

    let heading: String
    let leads: [LeadRowView]
    let total: String
    let first, last, page, pages: Int
    let empty, filtered, canFilterOwner: Bool
    /// The search text, as typed.
    let q: String
    let stages, owners, sources, sorts: [FilterOption]
    let previous, next: String?
    /// The table's column headings, each a link that sorts by it when it can.
    let headers: [ColumnHeader]
    var notice: String?
    var bulk: Bulk?
    var canExport = false
    var exportLink = ""
    var canImport = false
    /// The saved views this person sees, and the current view's query to save.
    var views: [SavedViewLink] = []
    var hasViews: Bool { !views.isEmpty }
    var viewQuery = ""
    var canShare = false
}

/// A column heading of a sortable table: a link to the list sorted by the column, marked when
/// it is the sort in force.
struct ColumnHeader: TemplateModel {
    static let fields: TemplateFields<Self> = ["label": \.label, "link": \.link, "current": \.current, "sort_state": \.sortState]

    let label: String
    /// Nil for a column the list cannot sort by.
    let link: String?
    let current: Bool
    /// `aria-sort`'s value: each sort has one direction, best or newest first.
    var sortState: String { current ? "descending" : "none" }
}

/// A lead as the list and the account page show it.
struct LeadRowView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "id": \.id, "name": \.name, "email": \.email, "title": \.title, "company": \.company, "stage": \.stage,
        "stage_key": \.stageKey, "owner": \.owner, "source": \.source, "updated": \.updated, "updated_exact": \.updatedExact,
        "grade": \.grade, "fit": \.fit, "engagement": \.engagement, "call_now": \.callNow, "activity": \.activity,
        "activity_exact": \.activityExact, "scored": \.scored, "active": \.active,
    ]

    let id: Lead.ID
    let name, email, title, company, stage, stageKey, source, updated, updatedExact: String
    var owner: String
    /// Empty for a lead not scored yet.
    var grade = "", fit = "", engagement = "", activity = "", activityExact = ""
    var callNow = false
    // Flags for the row's sections: a section over a text would put the text on the template's
    // stack, and every name inside it would first be looked up in the text by reflection.
    var scored: Bool { !grade.isEmpty }
    var active: Bool { !activity.isEmpty }

    /// The lead with its kept scores, its owner by name (`ownerNames`, by lower-cased email).
    init(_ lead: Lead, score: LeadScore?, ownerNames: [String: String], now: Double) {
        self.init(lead, now: now)
        if let owner = lead.owner, let name = ownerNames[owner.lowercased()] { self.owner = name }
        guard let score else { return }
        grade = score.grade
        fit = ScoreView.score(score.fit)
        engagement = ScoreView.score(score.engagement)
        // One notion of "call now": the burst that flags a lead in a rep's inbox. A lead that is
        // not an MQL is in no inbox, so it carries no badge that nobody would act on.
        callNow = score.callNow && lead.stage == .mql
        if let at = score.lastActivityAt {
            activity = Display.relative(at, now: now)
            activityExact = Display.dateTime(at)
        }
    }

    init(_ lead: Lead, now: Double) {
        id = lead.id
        name = Display.name(of: lead)
        email = lead.email ?? ""
        title = lead.title ?? ""
        company = lead.company ?? ""
        stage = lead.stage.label
        stageKey = lead.stage.rawValue
        owner = lead.owner ?? "Unassigned"
        source = DisplayNames.source(lead.source)
        updated = Display.relative(lead.updatedAt, now: now)
        updatedExact = Display.dateTime(lead.updatedAt)
    }
}

/// One choice of a filter or sort menu.
struct FilterOption: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "value": \.value, "label": \.label, "selected": \.selected,
    ]

    let value: String
    let label: String?
    let selected: Bool

    init(value: String, label: String? = nil, selected: Bool) {
        (self.value, self.label, self.selected) = (value, label, selected)
    }
}

/// A saved view as the list shows it: a link, whose it is, and whether it is the one in force.
struct SavedViewLink: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "id": \.id, "name": \.name, "link": \.link, "current": \.current, "shared": \.shared, "mine": \.mine,
    ]

    let id: SavedView.ID
    let name, link: String
    let current: Bool
    /// "Shared with EMEA Sales", empty for a private view.
    let shared: String
    let mine: Bool
}
