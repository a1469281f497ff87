import Foundation
import Hummingbird
import TandemCharts
import TandemCore
import TandemStore

/// The leads list and the lead page, with its edit and stage forms.
struct LeadPagesController {
    let leads: LeadStore
    let accounts: AccountStore
    let users: UserStore
    let reports: ActivityReports
    let interviews: InterviewStore
    let scores: LeadScoreStore
    let handOffs: HandOffStore
    let activities: SalesActivityStore
    let savedViews: SavedViewStore
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/leads", use: list)
        router.get("/leads/:id", use: show)
        router.get("/leads/:id/score", use: scoreExplanation)
        router.post("/leads/:id", use: edit)
        router.post("/leads/:id/stage", use: changeStage)
        router.post("/leads/:id/activities", use: logActivity)
    }

    // MARK: List

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        let view = try LeadListQuery(request.query, user: user)
        let search = view.search
        let result = try await leads.search(search)
        let now = clock.now()
        let pages = max(1, (result.total + search.pageSize - 1) / search.pageSize)
        func link(page: Int? = nil, sort: LeadSearch.Sort? = nil) -> String { view.link(page: page, sort: sort) }
        let options = try await leads.filterOptions()
        let owners = user.role.can(.readAllLeads) ? options.owners : []
        let sources = options.sources
        let kept = try await scores.scores(leadIds: result.leads.map(\.id), now: now)
        // One read of the people serves the owners' names and the bulk form's reps.
        let people = try await users.list()
        let ownerNames = Self.ownerNames(people)
        let sortable: [(String, LeadSearch.Sort?)] = [
            ("Name", .name), ("Company", .company), ("Stage", .stage), ("Grade", .score), ("Fit", .fit), ("Engagement", .engagement),
            ("Owner", nil), ("Last activity", .lastActivity), ("Updated", .updated),
        ]
        let headers = sortable.map { label, sort in
            ColumnHeader(label: label, link: sort.map { link(sort: $0) }, current: sort == search.sort)
        }
        let first = result.total == 0 ? 0 : (search.page - 1) * search.pageSize + 1
        var model = LeadListPage(
            heading: user.role == .sales ? "My leads" : "Leads",
            leads: result.leads.map { LeadRowView($0, score: kept[$0.id], ownerNames: ownerNames, now: now) },
            total: Display.count(result.total) + (result.totalIsAtLeast ? "+" : ""), first: first,
            last: (search.page - 1) * search.pageSize + result.leads.count,
            page: search.page, pages: pages, empty: result.leads.isEmpty,
            filtered: view.isFiltered,
            canFilterOwner: user.role.can(.readAllLeads), q: search.text ?? "",
            stages: LifecycleStage.allCases.map { FilterOption(value: $0.rawValue, label: $0.label, selected: $0 == search.stage) },
            owners: owners.map {
                FilterOption(value: $0, label: ownerNames[$0.lowercased()] ?? $0, selected: $0.lowercased() == search.owner?.lowercased())
            },
            sources: sources.map { FilterOption(value: $0, label: DisplayNames.source($0), selected: $0 == search.source) },
            sorts: LeadSearch.Sort.allCases.map {
                FilterOption(value: $0.rawValue, label: Self.sortLabel($0), selected: $0 == search.sort)
            },
            previous: search.page > 1 ? link(page: search.page - 1) : nil, next: search.page < pages ? link(page: search.page + 1) : nil,
            headers: headers)
        model.notice = try await bulkNotice(request.query)
        model.canExport = user.role.can(.exportData)
        model.canImport = user.role.can(.importData)
        let current = request.query.get("view").flatMap { SavedView.ID($0) }
        model.views = try await savedViews.list(for: user).map { saved in
            SavedViewLink(
                id: saved.id, name: saved.name, link: SavedViewsController.path(of: saved), current: saved.id == current,
                shared: saved.team.map { "shared with \($0)" } ?? "", mine: saved.ownerId == user.id)
        }
        model.viewQuery = view.queryString
        model.canShare = !(user.team ?? "").trimmed.isEmpty
        model.exportLink = view.link(path: "/leads/export.csv", sort: search.sort)
        if user.role.can(.editLeads) {
            let reps = user.role.can(.readAllLeads) ? Self.activeReps(people) : []
            model.bulk = LeadListPage.Bulk(
                returnTo: view.link(page: search.page), canAssign: user.role.can(.readAllLeads), canExport: user.role.can(.exportData),
                reps: reps.map { FilterOption(value: $0.email, label: $0.name, selected: false) },
                stages: LifecycleStage.allCases.map { FilterOption(value: $0.rawValue, label: $0.label, selected: false) },
                reasons: RejectionReason.allCases.map { FilterOption(value: $0.rawValue, label: $0.label, selected: false) })
        }
        return await renderer.render(Page(template: "leads", title: model.heading, model: model, section: "leads"), context: context)
    }

    /// What a bulk action just did, read back from the list's URL: "12 leads assigned to Priya
    /// Nair." Only numbers, a stage and a user id come from the URL; the words are ours.
    private func bulkNotice(_ query: FormData) async throws -> String? {
        func leads(_ count: Int) -> String { Display.plural(count, "lead") }
        if query.get("view_saved") != nil { return "View saved: it is in the list of views above." }
        if query.get("view_deleted") != nil { return "View deleted." }
        if query.get("bulk") == "none" { return "Select leads first: tick the box at the start of each row." }
        if let text = query.get("assigned"), let count = Int(text), let id = query.get("to").flatMap({ User.ID($0) }),
            let rep = try await users.get(id: id)
        {
            return "\(leads(count)) assigned to \(rep.name)."
        }
        if let text = query.get("moved"), let count = Int(text),
            let stage = query.get("stage_moved").flatMap(LifecycleStage.init(rawValue:))
        {
            return "\(leads(count)) moved to \(stage.label)."
        }
        return nil
    }

    static func sortLabel(_ sort: LeadSearch.Sort) -> String {
        switch sort {
        case .updated: return "Recently updated"
        case .created: return "Newest"
        case .name: return "Name"
        case .company: return "Company"
        case .stage: return "Stage"
        case .score: return "Hottest (grade)"
        case .fit: return "Fit"
        case .engagement: return "Engagement"
        case .lastActivity: return "Last activity"
        }
    }

    /// People's names by their lower-cased email, so owners read as names; an owner who is not
    /// a user shows as the email stored.
    static func ownerNames(_ users: UserStore) async throws -> [String: String] {
        ownerNames(try await users.list())
    }

    static func ownerNames(_ people: [User]) -> [String: String] {
        Dictionary(people.map { ($0.email.lowercased(), $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The reps a lead or a hand-off can be given to.
    static func activeReps(_ people: [User]) -> [User] {
        people.filter { $0.role == .sales && !$0.disabled }
    }

    // MARK: Lead page

    static let timelinePage = 100
    static let scoreChartWeeks = 13

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        let lead = try await visibleLead(request, context: context, user: user)
        var before: Double?
        if let text = request.query.get("before") {
            guard let time = Double(text), time.isFinite else { throw WebError.badRequest("'\(text)' is not a point in the timeline.") }
            before = time
        }
        // What the person just did, confirmed with the lead's name.
        let name = Display.name(of: lead)
        var notice: String?
        var undoable = false
        if let done = HandOffStatus(rawValue: request.query.get("answered") ?? ""), [.accepted, .rejected].contains(done) {
            notice = InboxController.answeredNotice(done, name: name)
            undoable = true
        }
        if request.query.get("undone") != nil { notice = "Your answer is undone: \(name) is an MQL waiting for you again." }
        if let id = request.query.get("reassigned").flatMap(User.ID.init), let rep = try await users.get(id: id) {
            notice = "\(name) reassigned to \(rep.name), who is told."
        }
        if request.query.get("saved") != nil { notice = "\(name)'s profile is saved." }
        if let kind = SalesActivityKind(rawValue: request.query.get("logged") ?? "") {
            notice = kind == .note ? "Note on \(name) logged." : "\(kind.label) with \(name) logged."
        }
        if request.query.get("moved") != nil { notice = "\(name) moved to \(lead.stage.label)." }
        return try await leadPage(lead, user: user, context: context, timelineBefore: before, answered: notice, undoable: undoable)
    }

    /// The lead's scores explained, as the inbox's cards load it when opened.
    @Sendable func scoreExplanation(_ request: Request, context: SignedInContext) async throws -> Response {
        let lead = try await visibleLead(request, context: context, user: context.signedIn)
        guard let explanation = try await scores.explain(leadId: lead.id, now: clock.now()) else {
            throw WebError.notFound("Lead \(lead.id)")
        }
        return renderer.fragment(
            template: "score_details", model: ScoreExplanationView(explanation, awardLimit: 8), context: context)
    }

    func visibleLead(_ request: Request, context: SignedInContext, user: User) async throws -> Lead {
        let id = try context.pathLeadId()
        guard let lead = try await leads.get(id: id) else { throw WebError.notFound("Lead \(id)") }
        guard user.viewer.maySee(lead) else {
            throw WebError.forbidden("Lead \(id) belongs to another rep. Sales sees the leads they own.")
        }
        return lead
    }

    /// The lead page; `form` carries what a failed form sent, shown with its errors.
    func leadPage(
        _ lead: Lead, user: User, context: SignedInContext, editErrors: [ValidationError] = [], stageErrors: [ValidationError] = [],
        activityErrors: [ValidationError] = [], form: FormData? = nil, timelineBefore: Double? = nil, answered: String? = nil,
        undoable: Bool = false
    ) async throws -> Response {
        let now = clock.now()
        let accounts = accounts
        var scoreView: ScoreExplanationView?
        var handOffView: HandOffView?
        async let accountLookup: Account? = { if let id = lead.accountId { try await accounts.get(id: id) } else { nil } }()
        async let changesLookup = leads.stageChanges(leadId: lead.id, limit: 50)
        async let timelineLookup = leads.timeline(leadId: lead.id, limit: Self.timelinePage, before: timelineBefore)
        let offset = Display.utcOffset(at: now)
        async let activityLookup = reports.eventsPerWeek(
            leadId: lead.id, since: ActivityReports.weekStart(now, utcOffset: offset) - 25 * TimeSpan.week, utcOffset: offset)
        async let interviewLookup = interviews.list(leadId: lead.id)
        // Engagement at the end of each of the last 13 weeks, the last point now.
        let samples = (0..<Self.scoreChartWeeks).map { now - Double(Self.scoreChartWeeks - 1 - $0) * TimeSpan.week }
        async let reportLookup = scores.report(leadId: lead.id, now: now, samples: samples)
        async let handOffLookup = handOffs.latest(leadId: lead.id)
        async let peopleLookup = users.list()
        let (account, changes, timeline, activity) = try await (accountLookup, changesLookup, timelineLookup, activityLookup)
        // One read of the people serves the names on the page and the reps of its forms.
        let people = try await peopleLookup
        let names = Self.ownerNames(people)
        let heard = try await interviewLookup
        var scoreChart: String?
        if let report = try await reportLookup {
            scoreView = ScoreExplanationView(report.explanation)
            // "Call now" is the inbox's signal: only an MQL waiting in an inbox carries it.
            if lead.stage != .mql { scoreView?.callNow = false }
            scoreChart =
                LineChart(
                    title: "Engagement, last \(Self.scoreChartWeeks) weeks", xLabels: samples.map(Display.shortDate),
                    series: [
                        .init(name: "Engagement", values: report.engagementAt),
                        .init(name: "MQL threshold", values: samples.map { _ in report.mqlEngagement }),
                    ], valueLabel: "points"
                ).svg()
        }
        var handOffOwner: String?
        if let handOff = try await handOffLookup {
            handOffOwner = handOff.owner
            var view = HandOffView(handOff, now: now, names: names)
            view.leadId = lead.id
            view.answerable =
                handOff.status == .open && lead.stage == .mql && handOff.owner?.lowercased() == user.email.lowercased()
                && user.role.can(.answerHandOffs)
            view.reasons = ReasonOption.all(selected: nil)
            handOffView = view
        }
        let weeks = ActivityReports.filled(activity, weeks: 26, until: now, utcOffset: offset)
        let chart = BarChart(
            title: "Activity per week, last 26 weeks",
            bars: weeks.map { BarChart.Bar(label: Display.shortDate($0.weekStart), value: Double($0.count)) }, valueLabel: "events")
        var reps: [LeadPage.RepOption]?
        if user.role.can(.readAllLeads) {
            let selected = (form?["owner"] ?? lead.owner)?.lowercased()
            reps = Self.activeReps(people).map {
                LeadPage.RepOption(email: $0.email, name: $0.name, selected: $0.email.lowercased() == selected)
            }
        }
        // A failed form shows what was typed, not what is stored, with each error beside its field.
        var refused: FormState?
        if let form, !editErrors.isEmpty { refused = FormState(form, errors: editErrors, prefix: "f_") }
        if let form, !stageErrors.isEmpty { refused = FormState(form, errors: stageErrors, skip: ["_csrf", "stage"]) }
        if let form, !activityErrors.isEmpty { refused = FormState(form, errors: activityErrors, prefix: "a_") }
        // The timeline pages backwards in time: the next page starts before this page's oldest entry.
        let older = timeline.count == Self.timelinePage ? timeline.last.map { "/leads/\(lead.id)?before=\($0.at)#timeline-title" } : nil
        var model = LeadPage(
            profile: LeadProfileView(lead, names: names, now: now), score: scoreView, handOff: handOffView,
            answered: answered,
            activityChart: chart.svg(), history: changes.map { LeadPage.Change($0, names: names) },
            timeline: timeline.map { TimelineRow($0, names: names, now: now) },
            timelineOlder: older, timelineNewest: timelineBefore == nil ? nil : "/leads/\(lead.id)#timeline-title",
            stageOptions: LifecycleStage.allCases.filter { $0 != lead.stage }.map {
                FilterOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form?["stage"])
            },
            canAssign: user.role.can(.readAllLeads), interviews: heard.map(LeadPage.Interview.init),
            account: account.map(LeadPage.AccountLink.init),
            reps: reps, editOpen: !editErrors.isEmpty && form != nil, refused: refused)
        model.scoreChart = scoreChart
        model.undoable = undoable
        // Admins, and a team lead for their team's hand-offs, move a waiting MQL to another rep.
        let holder = handOffOwner.flatMap { owner in people.first { $0.email.lowercased() == owner.lowercased() } }
        if lead.stage == .mql, handOffView?.open == true, user.mayMoveHandOffs(of: holder) {
            model.reassignReps = user.reassignableReps(among: people).map {
                FilterOption(value: $0.email, label: $0.name, selected: false)
            }
        }
        model.reasonCodes = RejectionReason.allCases.map {
            FilterOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form?["reason_code"])
        }
        if Self.mayLog(user, on: lead) { model.activityForm = LeadPage.ActivityForm(form: activityErrors.isEmpty ? nil : form, now: now) }
        let status: HTTPResponse.Status =
            editErrors.isEmpty && stageErrors.isEmpty && activityErrors.isEmpty ? .ok : .unprocessableContent
        return await renderer.render(
            Page(template: "lead", title: Display.name(of: lead), model: model, status: status, section: "leads"), context: context)
    }

    // MARK: Forms

    @Sendable func edit(_ request: Request, context: SignedInContext) async throws -> Response {
        let (user, lead, form) = try await editableLead(request, context: context)
        var input = LeadInput()
        var errors: [ValidationError] = []
        var fields: [LeadField] = [.firstName, .lastName, .title, .company, .phone, .country, .industry]
        if user.role.can(.readAllLeads) { fields.append(.owner) }
        for field in fields {
            do { try input.set(field, text: form[field.rawValue] ?? "") } catch let error as ValidationError { errors.append(error) }
            if (form[field.rawValue] ?? "").trimmed.isEmpty { input.fields[field] = .some(nil) }
        }
        let email = form.text("email").trimmed
        if !email.isEmpty || lead.email != nil {
            do { try input.set(.email, text: email) } catch let error as ValidationError { errors.append(error) }
        }
        do { try input.set(.companySize, text: form.text("company_size")) } catch let error as ValidationError { errors.append(error) }
        if form.text("company_size").trimmed.isEmpty { input.companySize = .some(nil) }
        if try await save(input, to: lead, by: user, errors: &errors) {
            return Response.redirect(to: "/leads/\(lead.id)?saved=1", type: .normal)
        }
        return try await leadPage(lead, user: user, context: context, editErrors: errors, form: form)
    }

    /// The person, the lead and the posted form of a lead form: only someone who may edit leads,
    /// and only a lead they may see.
    private func editableLead(_ request: Request, context: SignedInContext) async throws -> (User, Lead, FormData) {
        let user = try context.require(.editLeads)
        let lead = try await visibleLead(request, context: context, user: user)
        return (user, lead, context.form ?? FormData(""))
    }

    /// Writes `input` when the form had no errors; a refusal from the store joins the form's errors.
    private func save(_ input: LeadInput, to lead: Lead, by user: User, errors: inout [ValidationError]) async throws -> Bool {
        guard errors.isEmpty else { return false }
        do {
            _ = try await leads.update(id: lead.id, input, actor: .user(user.email), now: clock.now())
            return true
        } catch let error as ValidationError {
            errors.append(error)
            return false
        }
    }

    @Sendable func changeStage(_ request: Request, context: SignedInContext) async throws -> Response {
        let (user, lead, form) = try await editableLead(request, context: context)
        var input = LeadInput()
        var errors: [ValidationError] = []
        var reason = form.text("reason").trimmed
        if reason.count > 500 {
            errors.append(ValidationError(code: "too_long", field: "reason", message: "the comment is longer than 500 characters"))
        }
        do {
            reason = try RejectionReason.compose(code: form["reason_code"], comment: reason) ?? ""
        } catch {
            errors.append(error)
        }
        if let stage = LifecycleStage(rawValue: form.text("stage")) {
            if let refusal = StageTransitions.check(from: lead.stage, to: stage, actor: .user(user.email), reason: reason) {
                errors.append(refusal)
            }
            input.stage = stage
            input.stageReason = reason.isEmpty ? nil : reason
        } else {
            errors.append(ValidationError(code: "invalid_value", field: "stage", message: "choose the stage to move the lead to"))
        }
        if try await save(input, to: lead, by: user, errors: &errors) {
            return Response.redirect(to: "/leads/\(lead.id)?moved=1", type: .normal)
        }
        return try await leadPage(lead, user: user, context: context, stageErrors: errors, form: form)
    }
}
