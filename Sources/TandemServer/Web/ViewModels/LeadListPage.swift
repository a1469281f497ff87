import TandemCore
import TandemStore

/// The leads list: a page of leads, the filters that chose them, and the way to the next page.
struct LeadListPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "heading": \.heading, "leads": \.leads, "total": \.total, "first": \.first, "last": \.last, "page": \.page,
        "pages": \.pages, "empty": \.empty, "filtered": \.filtered, "can_filter_owner": \.canFilterOwner, "q": \.q,
        "stages": \.stages, "owners": \.owners, "sources": \.sources, "sorts": \.sorts, "previous": \.previous, "next": \.next,
    ]

    let heading: String
    let leads: [LeadRowView]
    let total: String
    let first, last, page, pages: Int
    let empty, filtered, canFilterOwner: Bool
    /// The search text, as typed.
    let q: String
    let stages, owners, sources, sorts: [FilterOption]
    let previous, next: String?
}

/// A lead as the list and the account page show it.
struct LeadRowView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "id": \.id, "name": \.name, "email": \.email, "title": \.title, "company": \.company, "stage": \.stage,
        "stage_key": \.stageKey, "owner": \.owner, "source": \.source, "updated": \.updated, "updated_exact": \.updatedExact,
    ]

    let id: Lead.ID
    let name, email, title, company, stage, stageKey, owner, source, updated, updatedExact: String

    init(_ lead: Lead, now: Double) {
        id = lead.id
        name = Display.name(of: lead)
        email = lead.email ?? ""
        title = lead.title ?? ""
        company = lead.company ?? ""
        stage = lead.stage.label
        stageKey = lead.stage.rawValue
        owner = lead.owner ?? "Unassigned"
        source = lead.source ?? ""
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
