import Foundation
import Hummingbird
import TandemCharts
import TandemCore
import TandemStore

/// The shared dashboard: the same funnel and lead flow for both teams, and each rep's own
/// numbers beside them.
struct DashboardController {
    let reports: ActivityReports
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/", use: show)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        let now = clock.now()
        // Weeks start on Monday 00:00 where the reader is.
        let offset = Display.utcOffset(at: now)
        let thisWeek = ActivityReports.weekStart(now, utcOffset: offset)
        let quarterAgo = thisWeek - 12 * TimeSpan.week
        async let stagesLookup = reports.leadsByStage()
        async let reachedLookup = reports.leadsReached()
        async let newLeadsLookup = reports.newLeads(since: quarterAgo, utcOffset: offset)
        let (stages, reached, arrivals) = try await (stagesLookup, reachedLookup, newLeadsLookup)
        let (newLeads, sources) = arrivals
        let funnel = FunnelChart(
            title: "Funnel: leads that ever reached each stage",
            steps: LifecycleStage.funnel.dropFirst().map { FunnelChart.Step(label: $0.label, value: Double(reached[$0] ?? 0)) })
        let weeks = ActivityReports.filled(newLeads, weeks: 13, until: now, utcOffset: offset)
        var flow = LineChart(
            title: "New leads per week", xLabels: weeks.map { Display.shortDate($0.weekStart) },
            series: [.init(name: "New leads", values: weeks.map { Double($0.count) })], valueLabel: "leads")
        // The current week has not ended: drawn dashed, not as a fall.
        flow.partialLast = "this week so far"
        let bySource = BarChart(
            title: "New leads by source, last 13 weeks",
            bars: Self.topSources(sources, keep: 8).map { .init(label: $0.label, value: Double($0.count)) })
        var mine: [LifecycleStage: Int]?
        if user.role == .sales { mine = try await reports.leadsByStage(scope: user.viewer.leadScope) }
        let model = DashboardPage(
            funnelChart: funnel.svg(), flowChart: flow.svg(), sourceChart: bySource.svg(),
            newLeadsSparkline: Sparkline(label: "New leads per week, last 13 weeks", values: weeks.map { Double($0.count) }).svg(),
            everyone: StageCounts(stages), newThisWeek: Display.count(weeks.last?.count ?? 0), mine: mine.map(StageCounts.init),
            newThisWeekLink: "/leads?since=\(Display.isoDate(thisWeek))&sort=created")
        return await renderer.render(Page(template: "dashboard", title: "Dashboard", model: model, section: "dashboard"), context: context)
    }

    /// The largest sources, in words, with the rest summed as "Other" so that every lead is
    /// counted: at most `keep` bars.
    static func topSources(_ sources: [(source: String, count: Int)], keep: Int) -> [(label: String, count: Int)] {
        let sorted = sources.sorted { $0.count > $1.count }
        guard sorted.count > keep else { return sorted.map { (DisplayNames.source($0.source), $0.count) } }
        let shown = sorted.prefix(keep - 1).map { (label: DisplayNames.source($0.source), count: $0.count) }
        return shown + [(label: "Other", count: sorted.dropFirst(keep - 1).reduce(0) { $0 + $1.count })]
    }
}
