import TandemCore

/// The dashboard: the funnel, the flow of new leads and where they come from, and for a rep,
/// their own leads by stage.
struct DashboardPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "funnel_chart": \.funnelChart, "flow_chart": \.flowChart, "source_chart": \.sourceChart,
        "new_leads_sparkline": \.newLeadsSparkline, "total": \.everyone.total, "mql": \.everyone.mql, "sql": \.everyone.sql,
        "customers": \.everyone.customers, "new_this_week": \.newThisWeek, "mine": \.mine,
    ]

    /// Charts as SVG, rendered unescaped.
    let funnelChart, flowChart, sourceChart, newLeadsSparkline: String
    let everyone: StageCounts
    let newThisWeek: String
    /// A rep's own leads; nil for everyone else.
    let mine: StageCounts?
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
