import Foundation
import TandemCore

/// The inbox's filters as its address carries them (`overdue=1`, `call_now=1`, `grade=A`,
/// `rep=EMAIL`, `team=NAME`, `page=N`), so a filtered queue can be bookmarked and shared.
struct InboxFilters: Sendable, Hashable {
    static let pageSize = 25

    var overdue = false
    var callNow = false
    /// A grade letter, "A" to "D".
    var grade: String?
    /// A rep's email: marketing and admins look at one rep's queue.
    var rep: String?
    /// A team's name: the queues of the reps in it.
    var team: String?
    var page = 1

    init() {}

    /// Reads the filters; a value no filter takes is a 400 that says which.
    init(_ query: FormData) throws {
        func text(_ name: String) -> String? { query[name].map(\.trimmed).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } }
        overdue = text("overdue") == "1"
        callNow = text("call_now") == "1"
        if let grade = text("grade") {
            guard ["A", "B", "C", "D"].contains(grade) else { throw WebError.badRequest("There is no grade '\(grade)'; use A, B, C or D.") }
            self.grade = grade
        }
        rep = text("rep")
        team = text("team")
        if let page = text("page") {
            guard let number = Int(page), (1...10_000).contains(number) else {
                throw WebError.badRequest("'\(page)' is not a page number.")
            }
            self.page = number
        }
    }

    var isFiltered: Bool { overdue || callNow || grade != nil || rep != nil || team != nil }

    /// Whether the queue is narrowed; in a team lead's view of their team, the team is the
    /// queue itself, not a filter.
    func isNarrowed(beyondTeam: Bool) -> Bool {
        beyondTeam ? overdue || callNow || grade != nil || rep != nil : isFiltered
    }

    /// The reps whose queues to show, by email; `nil` for everyone's.
    func owners(among reps: [User]) -> Set<String>? {
        var owners: Set<String>?
        if let rep { owners = [rep.lowercased()] }
        if let team {
            let members = Set(reps.filter { $0.team == team }.map { $0.email.lowercased() })
            owners = owners.map { $0.intersection(members) } ?? members
        }
        return owners
    }

    /// This filtered inbox at another page.
    func link(page: Int) -> String {
        var items: [URLQueryItem] = []
        if overdue { items.append(URLQueryItem(name: "overdue", value: "1")) }
        if callNow { items.append(URLQueryItem(name: "call_now", value: "1")) }
        if let grade { items.append(URLQueryItem(name: "grade", value: grade)) }
        if let rep { items.append(URLQueryItem(name: "rep", value: rep)) }
        if let team { items.append(URLQueryItem(name: "team", value: team)) }
        if page > 1 { items.append(URLQueryItem(name: "page", value: String(page))) }
        var components = URLComponents()
        components.path = "/inbox"
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? "/inbox"
    }

    /// The filter form: reps and teams only for those who see everyone's queue.
    func view(reps: [User], mine: Bool) -> InboxFiltersView {
        let teams = Set(reps.compactMap(\.team)).sorted()
        return InboxFiltersView(
            overdue: overdue, callNow: callNow,
            grades: ["A", "B", "C", "D"].map { FilterOption(value: $0, label: "Grade \($0)", selected: $0 == grade) },
            reps: mine
                ? [] : reps.map { FilterOption(value: $0.email, label: $0.name, selected: $0.email.lowercased() == rep?.lowercased()) },
            teams: mine ? [] : teams.map { FilterOption(value: $0, selected: $0 == team) })
    }
}

/// The inbox's filter form as the template reads it.
struct InboxFiltersView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "overdue": \.overdue, "call_now": \.callNow, "grades": \.grades, "reps": \.reps, "teams": \.teams, "has_reps": \.hasReps,
        "has_teams": \.hasTeams,
    ]

    let overdue, callNow: Bool
    let grades, reps, teams: [FilterOption]
    var hasReps: Bool { !reps.isEmpty }
    var hasTeams: Bool { !teams.isEmpty }
}
