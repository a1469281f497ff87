import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// The header's search: leads (by name, email or company) and accounts (by name or domain) in
/// one place, each within what the person may see.
struct SearchController {
    let leads: LeadStore
    let accounts: AccountStore
    let renderer: PageRenderer
    let clock: any WallClock

    static let shown = 20

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/search", use: search)
    }

    @Sendable func search(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        let text = request.query["q"].map { $0.trimmed.replacingOccurrences(of: "\u{0}", with: "") }.map { String($0.prefix(200)) } ?? ""
        var found = LeadSearch()
        found.scope = user.viewer.leadScope
        found.text = text
        found.pageSize = Self.shown
        let now = clock.now()
        let page: LeadSearchPage? = text.isEmpty ? nil : try await leads.search(found)
        let companies =
            text.isEmpty ? [] : try await accounts.list(afterId: nil, limit: Self.shown, search: text, scope: user.viewer.leadScope)
        var more: String?
        if let page, page.total > page.leads.count {
            var components = URLComponents()
            components.path = "/leads"
            components.queryItems = [URLQueryItem(name: "q", value: text)]
            more = components.string
        }
        let model = SearchPage(
            q: text, leads: (page?.leads ?? []).map { LeadRowView($0, now: now) },
            leadTotal: Display.plural(page?.total ?? 0, "lead") + (page?.totalIsAtLeast == true ? " or more" : ""),
            moreLeads: more, accounts: companies.map(AccountRowView.init), searched: !text.isEmpty)
        return await renderer.render(
            Page(template: "search", title: text.isEmpty ? "Search" : "Search: \(text)", model: model), context: context)
    }
}
