import Foundation
import TandemCore
import TandemStore

/// The leads list's view as its URL holds it: filters, search words, sort and page. The list,
/// its links, its export and its bulk actions all read the same view from it.
struct LeadListQuery {
    var search = LeadSearch()
    /// `since` as typed (YYYY-MM-DD), kept for links.
    private(set) var since: String?

    /// Reads the view, scoped to what `user` may see; a value that names nothing is refused.
    init(_ query: FormData, user: User) throws {
        search.scope = user.viewer.leadScope
        func param(_ name: String) -> String? {
            query.get(name).flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed.replacingOccurrences(of: "\u{0}", with: "") }
        }
        if let stage = param("stage") {
            guard let value = LifecycleStage(rawValue: stage) else { throw WebError.badRequest("There is no stage called '\(stage)'.") }
            search.stage = value
        }
        search.owner = param("owner")
        search.source = param("source")
        if let since = param("since") {
            // The day starts at midnight where the reader is, as the dashboard's weeks do.
            guard since.count == 10, let start = Display.parseLocalInput(since + "T00:00") else {
                throw WebError.badRequest("'\(since.prefix(40))' is not a date as YYYY-MM-DD.")
            }
            search.createdSince = start
            self.since = since
        }
        search.text = param("q").map { String($0.prefix(200)) }
        if let sort = param("sort") {
            guard let value = LeadSearch.Sort(rawValue: sort) else { throw WebError.badRequest("The list cannot be sorted by '\(sort)'.") }
            search.sort = value
        }
        if let page = param("page") {
            guard let number = Int(page), number >= 1, number <= 100_000 else {
                throw WebError.badRequest("'\(page)' is not a page number.")
            }
            search.page = number
        }
    }

    var isFiltered: Bool {
        search.text != nil || search.stage != nil || search.owner != nil || search.source != nil || search.createdSince != nil
    }

    /// The view's filters and sort as a query string, without the page: what a saved view keeps.
    var queryString: String {
        let link = link(path: "")
        return link.hasPrefix("?") ? String(link.dropFirst()) : ""
    }

    /// The view at `path` with another page or sort: `/leads?stage=mql&sort=score&page=2`.
    func link(path: String = "/leads", page: Int? = nil, sort: LeadSearch.Sort? = nil) -> String {
        var items: [(String, String)] = []
        if let text = search.text { items.append(("q", text)) }
        if let stage = search.stage { items.append(("stage", stage.rawValue)) }
        if let owner = search.owner { items.append(("owner", owner)) }
        if let source = search.source { items.append(("source", source)) }
        if let since { items.append(("since", since)) }
        let chosenSort = sort ?? search.sort
        if chosenSort != .updated { items.append(("sort", chosenSort.rawValue)) }
        if let page, page > 1 { items.append(("page", String(page))) }
        var components = URLComponents()
        components.path = path
        components.queryItems = items.isEmpty ? nil : items.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string ?? path
    }
}
