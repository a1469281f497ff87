import Foundation
import Hummingbird
import TandemCharts
import TandemCore
import TandemStore

/// The accounts list and the account page: the company, its people and their activity.
struct AccountPagesController {
    let accounts: AccountStore
    let leads: LeadStore
    let reports: ActivityReports
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/accounts", use: list)
        router.get("/accounts/:id", use: show)
    }

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        let query = request.query
        let search = query.get("q").map { $0.trimmed.replacingOccurrences(of: "\u{0}", with: "") }.flatMap { $0.isEmpty ? nil : $0 }
        var after: Account.ID?
        if let text = query.get("after") {
            guard let id = Int64(text), id >= 0 else { throw WebError.badRequest("'\(text)' is not an account position.") }
            after = Account.ID(rawValue: id)
        }
        let page = try await accounts.list(
            afterId: after, limit: 51, search: search.map { String($0.prefix(200)) }, scope: user.viewer.leadScope)
        let shown = page.prefix(50)
        var next: String?
        if page.count > 50, let last = shown.last {
            var components = URLComponents()
            components.path = "/accounts"
            components.queryItems =
                [URLQueryItem(name: "after", value: last.id.description)] + (search.map { [URLQueryItem(name: "q", value: $0)] } ?? [])
            next = components.string
        }
        var firstPage: String?
        if after != nil {
            let query = search?.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed)
            firstPage = query.map { "/accounts?q=\($0)" } ?? "/accounts"
        }
        let model = AccountListPage(
            heading: user.viewer.leadScope == .all ? "Accounts" : "My accounts", accounts: shown.map(AccountRowView.init), q: search ?? "",
            empty: shown.isEmpty, next: next, firstPage: firstPage)
        return await renderer.render(Page(template: "accounts", title: model.heading, model: model, section: "accounts"), context: context)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        let id = try context.pathId("This account", of: Account.self)
        guard let account = try await accounts.get(id: id) else { throw WebError.notFound("Account \(id)") }
        let now = clock.now()
        var search = LeadSearch()
        search.scope = user.viewer.leadScope
        search.accountId = id
        search.pageSize = 100
        async let people = leads.search(search)
        let offset = Display.utcOffset(at: now)
        async let activity = reports.eventsPerWeek(
            accountId: id, since: ActivityReports.weekStart(now, utcOffset: offset) - 25 * TimeSpan.week, utcOffset: offset)
        let (found, weekly) = try await (people, activity)
        let weeks = ActivityReports.filled(weekly, weeks: 26, until: now, utcOffset: offset)
        let chart = LineChart(
            title: "Activity of the account's people per week", xLabels: weeks.map { Display.shortDate($0.weekStart) },
            series: [.init(name: "Events", values: weeks.map { Double($0.count) })], valueLabel: "events")
        let model = AccountPage(
            account: AccountRowView(account), owner: account.owner ?? "", created: Display.date(account.createdAt),
            leads: found.leads.map { LeadRowView($0, now: now) }, total: found.total, scoped: user.viewer.leadScope != .all,
            activityChart: chart.svg())
        return await renderer.render(
            Page(template: "account", title: model.account.name, model: model, section: "accounts"), context: context)
    }
}
