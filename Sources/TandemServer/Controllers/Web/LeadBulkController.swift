import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// What the leads list does to many leads at once: assign an owner, move a stage with a
/// reason, or download them as CSV (a selection, or the whole view). Each is offered to exactly
/// the roles that may do it, and a change is made to every selected lead or to none.
struct LeadBulkController {
    let leads: LeadStore
    let users: UserStore
    let renderer: PageRenderer
    let clock: any WallClock

    /// The most leads one bulk action takes: a few pages of the list.
    static let maximumSelection = 500
    /// The most rows an export of a view downloads from the web app; `tandem export leads`
    /// takes any number.
    static let maximumExportRows = 50_000

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.post("/leads/bulk", use: bulk)
        router.get("/leads/export.csv", use: exportView)
    }

    @Sendable func bulk(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.editLeads)
        let form = context.form ?? FormData("")
        let back = Self.returnPath(form["return"])
        var ids: [Lead.ID] = []
        for text in form.getAll("lead") {
            guard let id = Lead.ID(text) else { throw WebError.badRequest("'\(text.prefix(20))' is not a lead.") }
            if !ids.contains(id) { ids.append(id) }
        }
        guard !ids.isEmpty else { return Response.redirect(to: Self.adding("bulk=none", to: back), type: .normal) }
        guard ids.count <= Self.maximumSelection else {
            throw WebError.badRequest("Select at most \(Self.maximumSelection) leads at a time.")
        }
        let selected = try await leads.get(ids: ids)
        guard selected.count == ids.count else { throw WebError.notFound("One of the selected leads") }
        guard selected.allSatisfy({ user.viewer.maySee($0) }) else {
            throw WebError.forbidden("Some of the selected leads belong to another rep. Sales changes the leads they own.")
        }
        switch form.text("action") {
        case "assign": return try await assign(selected, form: form, user: user, back: back, context: context)
        case "stage": return try await move(selected, form: form, user: user, back: back, context: context)
        case "export":
            _ = try context.require(.exportData)
            return Self.csv(selected.map(LeadExportFormat.csvLine), name: "leads-selected")
        default: throw WebError.badRequest("Choose what to do with the selected leads.")
        }
    }

    private func assign(_ selected: [Lead], form: FormData, user: User, back: String, context: SignedInContext) async throws -> Response {
        _ = try context.require(.readAllLeads)
        let owner = form.text("owner").trimmed
        guard let rep = try await users.list().first(where: { $0.email.lowercased() == owner.lowercased() }), rep.role == .sales,
            !rep.disabled
        else {
            return try await refused(
                ["“\(owner.prefix(80))” is not an active sales rep: leads are assigned to reps."], back: back, context: context)
        }
        var input = LeadInput()
        input.fields[.owner] = .some(rep.email)
        return try await apply(
            input, to: selected, user: user, back: back, notice: "assigned=\(selected.count)&to=\(rep.id)", context: context)
    }

    private func move(_ selected: [Lead], form: FormData, user: User, back: String, context: SignedInContext) async throws -> Response {
        guard let stage = LifecycleStage(rawValue: form.text("stage")) else {
            return try await refused(["Choose the stage to move the leads to."], back: back, context: context)
        }
        var reason = form.text("comment").trimmed
        let code = form.text("reason_code").trimmed
        if !code.isEmpty {
            guard let known = RejectionReason(rawValue: code) else {
                return try await refused(
                    ["“\(code.prefix(40))” is not a reason code: choose one from the list."], back: back, context: context)
            }
            reason = reason.isEmpty ? known.rawValue : "\(known.rawValue): \(reason)"
        }
        guard reason.count <= 500 else {
            return try await refused(["The reason is longer than 500 characters."], back: back, context: context)
        }
        // Every lead is checked first: one that cannot move stops the whole change, and the page
        // names each one.
        let actor = StageActor.user(user.email)
        let problems = selected.compactMap { lead in
            StageTransitions.check(from: lead.stage, to: stage, actor: actor, reason: reason).map { "\(lead.displayName): \($0.message)" }
        }
        guard problems.isEmpty else { return try await refused(problems, back: back, context: context) }
        var input = LeadInput()
        input.stage = stage
        input.stageReason = reason.isEmpty ? nil : reason
        return try await apply(
            input, to: selected.filter { $0.stage != stage }, user: user, back: back,
            notice: "moved=\(selected.count)&stage_moved=\(stage.rawValue)", context: context)
    }

    private func apply(
        _ input: LeadInput, to selected: [Lead], user: User, back: String, notice: String, context: SignedInContext
    ) async throws -> Response {
        do {
            _ = try await leads.updateAll(ids: selected.map(\.id), input, actor: .user(user.email), now: clock.now())
        } catch let error as ValidationError {
            return try await refused([error.message], back: back, context: context)
        }
        return Response.redirect(to: Self.adding(notice, to: back), type: .normal)
    }

    /// Nothing was changed: the page lists why, with the way back to the list as it was.
    private func refused(_ problems: [String], back: String, context: SignedInContext) async throws -> Response {
        await renderer.render(
            Page(
                template: "bulk_refused", title: "Nothing was changed", model: BulkRefusedPage(problems: problems, back: back),
                status: .unprocessableContent, section: "leads"), context: context)
    }

    /// The list's current view as CSV, in the import's columns, so it re-imports as is.
    @Sendable func exportView(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.exportData)
        var view = try LeadListQuery(request.query, user: user)
        view.search.countsTotal = false
        view.search.pageSize = 1000
        view.search.page = 1
        var lines: [String] = []
        while lines.count < Self.maximumExportRows {
            let page = try await leads.search(view.search).leads
            lines += page.prefix(Self.maximumExportRows - lines.count).map(LeadExportFormat.csvLine)
            if page.count < view.search.pageSize { break }
            view.search.page += 1
        }
        return Self.csv(lines, name: "leads")
    }

    static func csv(_ lines: [String], name: String) -> Response {
        var buffer = ByteBuffer(string: LeadExportFormat.csvHeader)
        for line in lines { buffer.writeString(line) }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name).csv\""],
            body: ResponseBody(byteBuffer: buffer))
    }

    /// Where the list was: only a path of the leads list, so the form cannot send anyone away.
    static func returnPath(_ text: String?) -> String {
        guard let text, text == "/leads" || text.hasPrefix("/leads?"), !text.contains("//") else { return "/leads" }
        return text
    }

    static func adding(_ parameters: String, to path: String) -> String {
        let kept = path.split(separator: "?", maxSplits: 1).dropFirst().first.map { query in
            query.split(separator: "&").filter { pair in
                !["bulk", "assigned", "to", "moved", "stage_moved"].contains(pair.split(separator: "=").first.map(String.init) ?? "")
            }.joined(separator: "&")
        }
        let base = path.split(separator: "?").first.map(String.init) ?? "/leads"
        return base + "?" + [kept, parameters].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "&")
    }
}

/// A bulk change that was refused, with each reason.
struct BulkRefusedPage: TemplateModel {
    static let fields: TemplateFields<Self> = ["problems": \.problems, "back": \.back]

    let problems: [String]
    let back: String
}
