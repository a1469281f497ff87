import TandemCore

/// The dashboard: the funnel, the flow of new leads and where they come from, and for a rep,
/// their own leads by stage.
struct DashboardPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "funnel_chart": \.funnelChart, "flow_chart": \.flowChart, "source_chart": \.sourceChart,
        "new_leads_sparkline": \.newLeadsSparkline, "total": \.everyone.total, "mql": \.everyone.mql, "sql": \.everyone.sql,
        "customers": \.everyone.customers, "new_this_week": \.newThisWeek, "mine": \.mine, "link_all": \.linkAll,
        "new_this_week_link": \.newThisWeekLink,
    ]

    /// Charts as SVG, rendered unescaped.
    let funnelChart, flowChart, sourceChart, newLeadsSparkline: String
    let everyone: StageCounts
    let newThisWeek: String
    /// A rep's own leads; nil for everyone else.
    let mine: StageCounts?
    /// Whether the company-wide figures link to their leads: a rep's lead list holds only
    /// their own leads, so for a rep those figures are not links (theirs are, below).
    var linkAll: Bool { mine == nil }
    /// The leads created since this week's Monday, sorted newest first.
    let newThisWeekLink: String
}

/// Leads by stage, as counts written for people.
struct StageCounts: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "total": \.total, "mql": \.mql, "sql": \.sql, "opportunity": \.opportunity, "customers": \.customers,
    ]

    let total, mql, sql, opportunity, customers: String

    init(_ counts: [LifecycleStage: Int]) {
        total = Display.count(counts.values.reduce(0, +))
        mql = Display.count(counts[.mql] ?? 0)
        sql = Display.count(counts[.sql] ?? 0)
        opportunity = Display.count(counts[.opportunity] ?? 0)
        customers = Display.count(counts[.customer] ?? 0)
    }
}
