import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// The sales inbox: a rep's new MQLs, most urgent first, each with its SLA clock, its score
/// explained and its latest activity, accepted or rejected in one step. Marketing and admins
/// see every open hand-off here, read-only.
struct InboxController {
    let handOffs: HandOffStore
    let notifications: NotificationStore
    let leads: LeadStore
    let users: UserStore
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/inbox", use: show)
        router.post("/inbox/:id/accept", use: accept)
        router.post("/inbox/:id/reject", use: reject)
        router.post("/inbox/:id/reassign", use: reassign)
        router.post("/inbox/:id/undo", use: undo)
        router.post("/inbox/notifications/read", use: markRead)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        var notice: String?
        var undoLead: Lead.ID?
        let query = request.query
        let named = query.get("lead").flatMap(Lead.ID.init)
        // Named, so the person sees at a glance that the change went to the lead they meant.
        var name: String?
        if let named { name = try await leads.get(id: named).map(Display.name(of:)) }
        if let done = query.get("done").flatMap(HandOffStatus.init(rawValue:)), let id = named {
            notice = Self.answeredNotice(done, name: name ?? "Lead \(id)")
            undoLead = id
        } else if query.get("undone") != nil, let name {
            notice = "Your answer is undone: \(name) is back in your inbox."
        } else if let owner = query.get("reassigned").flatMap(User.ID.init), let rep = try await users.get(id: owner), let name {
            notice = "\(name) reassigned to \(rep.name), who is told."
        }
        return try await page(
            user: context.signedIn, notice: notice, undoLead: undoLead, filters: try InboxFilters(query), context: context)
    }

    static func answeredNotice(_ done: HandOffStatus, name: String) -> String {
        done == .accepted ? "\(name) accepted: now a SAL, yours to work." : "\(name) rejected: marketing sees your reason."
    }

    private func page(
        user: User, notice: String? = nil, undoLead: Lead.ID? = nil, filters: InboxFilters = InboxFilters(),
        status: HTTPResponse.Status = .ok,
        failed: (leadId: Lead.ID, form: FormData)? = nil, context: SignedInContext
    ) async throws -> Response {
        guard user.role.can(.answerHandOffs) || user.role.can(.readAllLeads) else {
            throw WebError.forbidden("The inbox is for sales, marketing and admins.")
        }
        let now = clock.now()
        let everyone = try await users.list()
        let reps = everyone.filter { $0.role == .sales }
        // A team lead also opens their team's queue, to move hand-offs between its reps.
        let teamView = user.role == .sales && filters.team != nil
        if teamView, filters.team != user.ledTeam {
            throw WebError.forbidden("A rep sees their own inbox; a team's hand-offs are for its team lead.")
        }
        let mine = user.role == .sales && !teamView
        let people = mine ? [] : teamView ? reps.filter { $0.team == user.ledTeam } : reps
        let names = Dictionary(everyone.map { ($0.email.lowercased(), $0.name) }, uniquingKeysWith: { first, _ in first })
        var inbox = InboxQuery()
        inbox.owners = mine ? [user.email] : filters.owners(among: people)
        inbox.overdueOnly = filters.overdue
        inbox.callNowOnly = filters.callNow
        inbox.gradeLetters = filters.grade.map { [$0] }
        inbox.limit = InboxFilters.pageSize
        inbox.offset = (filters.page - 1) * InboxFilters.pageSize
        let page = try await handOffs.inbox(inbox, now: now)
        let items = page.items
        let pages = max(1, (page.total + InboxFilters.pageSize - 1) / InboxFilters.pageSize)
        let first = (filters.page - 1) * InboxFilters.pageSize + 1
        let reasonOptions = RenderedChoices.reasons(selected: nil, renderer: renderer)
        let notes = try await notifications.list(recipient: user.email, limit: 20).filter { $0.readAt == nil }.prefix(5)
        var model = InboxPage(
            heading: mine ? "My inbox" : teamView ? "Hand-offs of \(user.ledTeam ?? "")" : "Open hand-offs", notice: notice,
            hasErrors: failed != nil, mine: mine, empty: items.isEmpty,
            count: items.isEmpty
                ? (filters.isFiltered ? "No open hand-off matches." : "")
                : "\(first)–\(first + items.count - 1) of \(Display.plural(page.total, "open hand-off")), most urgent first",
            items: items.map { item in
                let failedHere = failed?.leadId == item.lead.id
                return InboxItemView(
                    handOff: HandOffView(item.handOff, now: now, names: names), leadId: item.lead.id, name: Display.name(of: item.lead),
                    title: item.lead.title ?? "", email: item.lead.email ?? "", phone: item.lead.phone,
                    company: item.lead.company,
                    score: ScoreSummaryView(item.score), callNow: item.score.callNow,
                    timeLeft: ScoreView.timeLeft(item.secondsLeft), overdue: item.isOverdue,
                    activity: item.latestActivity.prefix(3).map {
                        InboxItemView.Activity(name: $0.name, url: $0.url, at: Display.relative($0.occurredAt, now: now))
                    },
                    answerable: item.handOff.owner?.lowercased() == user.email.lowercased() && user.role.can(.answerHandOffs),
                    visible: user.viewer.maySee(item.lead),
                    reasonOptions: failedHere
                        ? RenderedChoices.reasons(selected: failed?.form["reason"], renderer: renderer) : reasonOptions,
                    reasonError: failedHere ? "Choose why you reject this lead." : nil,
                    comment: failedHere ? failed?.form["comment"] ?? "" : nil)
            },
            notifications: notes.map { note in
                NotificationView(
                    message: note.message, at: Display.relative(note.createdAt, now: now), unread: note.readAt == nil, leadId: note.leadId)
            },
            filters: filters.view(reps: people, mine: mine), filtered: filters.isNarrowed(beyondTeam: teamView), page: filters.page,
            pages: pages,
            previous: filters.page > 1 ? filters.link(page: filters.page - 1) : nil,
            next: filters.page < pages ? filters.link(page: filters.page + 1) : nil)
        model.undoLead = undoLead
        model.teamView = teamView
        model.ledTeam = user.ledTeam
        model.reassignOptions = RenderedChoices.options(
            user.reassignableReps(among: everyone).map { FilterOption(value: $0.email, label: $0.name, selected: false) },
            renderer: renderer)
        return await renderer.render(
            Page(template: "inbox", title: model.heading, model: model, status: status, section: "inbox"), context: context)
    }

    @Sendable func accept(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.answerHandOffs)
        let leadId = try context.pathLeadId()
        try await answer { try await handOffs.accept(leadId: leadId, by: user.email, now: clock.now()) }
        return Response.redirect(to: Self.returnPath(context.form, leadId: leadId, done: .accepted), type: .normal)
    }

    @Sendable func reject(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.answerHandOffs)
        let leadId = try context.pathLeadId()
        let form = context.form ?? FormData("")
        let reason: RejectionReason
        do {
            reason = try RejectionReason.parse(form["reason"])
        } catch {
            return try await page(user: user, status: .unprocessableContent, failed: (leadId, form), context: context)
        }
        try await answer {
            try await handOffs.reject(leadId: leadId, reason: reason, comment: form["comment"], by: user.email, now: clock.now())
        }
        return Response.redirect(to: Self.returnPath(form, leadId: leadId, done: .rejected), type: .normal)
    }

    /// An admin, or a team lead within their team, moves a waiting hand-off to another rep;
    /// its SLA clock starts again.
    @Sendable func reassign(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        guard user.reassignsHandOffs else { throw WebError.forbidden("Admins and team leads move hand-offs between reps.") }
        let leadId = try context.pathLeadId()
        let form = context.form ?? FormData("")
        let email = form.text("owner").trimmed
        let everyone = try await users.list()
        guard let rep = everyone.first(where: { $0.email.lowercased() == email.lowercased() }), rep.role == .sales, !rep.disabled
        else { throw WebError.badRequest("“\(email.prefix(80))” is not an active sales rep.") }
        guard user.reassignableReps(among: everyone).contains(where: { $0.id == rep.id }) else {
            throw WebError.forbidden("\(rep.name) is not in your team: a team lead moves hand-offs within their team.")
        }
        // Whose hand-offs this person may move, checked where the hand-off is moved; any for admins.
        let from = user.role.can(.manageRouting) ? nil : Set(everyone.filter { user.mayMoveHandOffs(of: $0) }.map { $0.email.lowercased() })
        do {
            try await answer {
                try await handOffs.reassign(leadId: leadId, to: rep.email, by: user.email, now: clock.now(), onlyFrom: from)
            }
        } catch let error as ValidationError {
            throw WebError(
                status: .conflict, title: "Not reassigned", message: error.message.prefix(1).uppercased() + error.message.dropFirst() + ".")
        }
        if form["return"] == "lead" { return Response.redirect(to: "/leads/\(leadId)?reassigned=\(rep.id)", type: .normal) }
        return Response.redirect(to: "/inbox?reassigned=\(rep.id)&lead=\(leadId)", type: .normal)
    }

    /// A rep takes back the answer they just gave.
    @Sendable func undo(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.answerHandOffs)
        let leadId = try context.pathLeadId()
        try await answer { try await handOffs.undoAnswer(leadId: leadId, by: user.email, now: clock.now()) }
        if context.form?["return"] == "lead" { return Response.redirect(to: "/leads/\(leadId)?undone=1", type: .normal) }
        return Response.redirect(to: "/inbox?undone=1&lead=\(leadId)", type: .normal)
    }

    @Sendable func markRead(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        try await notifications.markAllRead(recipient: user.email, now: clock.now())
        return Response.redirect(to: "/inbox", type: .normal)
    }

    /// Runs an answer, turning the store's refusals into pages that say why.
    private func answer(_ body: () async throws -> Lead) async throws {
        do {
            _ = try await body()
        } catch let error as HandOffError {
            switch error {
            case .notYours: throw WebError.forbidden(error.message + ".")
            case .leadNotFound: throw WebError.notFound("This lead")
            case .notWaiting: throw WebError(status: .conflict, title: "Already answered", message: error.message + ".")
            }
        }
    }

    /// Back to the lead page when the answer came from there, else to the inbox.
    private static func returnPath(_ form: FormData?, leadId: Lead.ID, done: HandOffStatus) -> String {
        if form?["return"] == "lead" { return "/leads/\(leadId)?answered=\(done.rawValue)" }
        return "/inbox?done=\(done.rawValue)&lead=\(leadId)"
    }
}
