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
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/inbox", use: show)
        router.post("/inbox/:id/accept", use: accept)
        router.post("/inbox/:id/reject", use: reject)
        router.post("/inbox/notifications/read", use: markRead)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        var data: [String: Any] = [:]
        let query = request.query
        if let done = query.get("done"), let lead = query.get("lead").flatMap(Int64.init) {
            data["notice"] =
                HandOffStatus(rawValue: done) == .accepted ? "Lead \(lead) accepted: it is now a SAL." : "Lead \(lead) rejected."
        }
        return try await page(user: user, data: data, context: context)
    }

    private func page(
        user: User, data extra: [String: Any], status: HTTPResponse.Status = .ok, failed: (leadId: Int64, form: FormData)? = nil,
        context: SignedInContext
    ) async throws -> Response {
        guard user.role.can(.answerHandOffs) || user.role.can(.readAllLeads) else {
            throw WebError.forbidden("The inbox is for sales, marketing and admins.")
        }
        let now = clock.now()
        let mine = user.role == .sales
        let page = try await handOffs.inbox(owner: mine ? user.email : nil, now: now, limit: 25)
        let items = page.items
        let notes = try await notifications.list(recipient: user.email, limit: 20).filter { $0.readAt == nil }.prefix(5)
        var data = extra
        data["mine"] = mine
        data["heading"] = mine ? "My inbox" : "Open hand-offs"
        data["empty"] = items.isEmpty
        data["count"] =
            page.total == items.count
            ? Display.plural(page.total, "open hand-off") : "The \(items.count) most urgent of \(page.total) open hand-offs"
        data["items"] = items.map { item -> [String: Any] in
            var row = ScoreView.handOff(item.handOff, now: now)
            row["lead_id"] = item.lead.id
            row["name"] = Display.name(of: item.lead)
            row["title"] = item.lead.title ?? ""
            row["company"] = item.lead.company ?? ""
            row["email"] = item.lead.email ?? ""
            row["score"] = ScoreView.explanation(item.explanation, awardLimit: 8)
            row["call_now"] = item.explanation.callNow
            row["time_left"] = ScoreView.timeLeft(item.secondsLeft)
            row["overdue"] = item.isOverdue
            row["activity"] = item.latestActivity.prefix(3).map { event -> [String: Any] in
                ["name": event.name, "url": event.url ?? "", "at": Display.relative(event.occurredAt, now: now)]
            }
            let answerable = item.handOff.owner?.lowercased() == user.email.lowercased() && user.role.can(.answerHandOffs)
            row["answerable"] = answerable
            let failedHere = failed?.leadId == item.lead.id
            row["reasons"] = ScoreView.reasons(selected: failedHere ? failed?.form["reason"] : nil)
            if failedHere, let form = failed?.form {
                row["reason_error"] = "Choose why you reject this lead."
                row["comment"] = form["comment"] ?? ""
            }
            return row
        }
        data["notifications"] = notes.map { note -> [String: Any] in
            [
                "message": note.message, "at": Display.relative(note.createdAt, now: now), "unread": note.readAt == nil,
                "lead_id": note.leadId ?? 0, "has_lead": note.leadId != nil,
            ]
        }
        data["has_notifications"] = !notes.isEmpty
        data["has_unread"] = !notes.isEmpty
        return await renderer.render(
            Page(template: "inbox", title: data["heading"] as? String ?? "Inbox", data: data, status: status, section: "inbox"),
            context: context)
    }

    @Sendable func accept(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.answerHandOffs)
        let leadId = try Self.leadId(context)
        try await answer { try await handOffs.accept(leadId: leadId, by: user.email, now: clock.now()) }
        return Response.redirect(to: Self.returnPath(context.form, leadId: leadId, done: .accepted), type: .normal)
    }

    @Sendable func reject(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.answerHandOffs)
        let leadId = try Self.leadId(context)
        let form = context.form ?? FormData("")
        let reason: RejectionReason
        do {
            reason = try RejectionReason.parse(form["reason"])
        } catch {
            return try await page(
                user: user, data: ["has_errors": true], status: .unprocessableContent, failed: (leadId, form), context: context)
        }
        try await answer {
            try await handOffs.reject(leadId: leadId, reason: reason, comment: form["comment"], by: user.email, now: clock.now())
        }
        return Response.redirect(to: Self.returnPath(form, leadId: leadId, done: .rejected), type: .normal)
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

    private static func leadId(_ context: SignedInContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw WebError.notFound("This lead") }
        return id
    }

    /// Back to the lead page when the answer came from there, else to the inbox.
    private static func returnPath(_ form: FormData?, leadId: Int64, done: HandOffStatus) -> String {
        if form?["return"] == "lead" { return "/leads/\(leadId)?answered=\(done.rawValue)" }
        return "/inbox?done=\(done.rawValue)&lead=\(leadId)"
    }
}
