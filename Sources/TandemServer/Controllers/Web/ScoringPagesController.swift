import Crypto
import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// The scoring model, readable by both teams: every rule with its points, the thresholds of
/// hand-off, the re-scoring in progress and the saved versions. Marketing and admins edit it
/// as one YAML (or JSON) document, the same one the API and `tandem scoring` exchange, and see
/// what a draft does to the real leads before it is saved.
struct ScoringPagesController {
    let models: ScoringModelStore
    let previews: ScoringPreviewer
    let scores: LeadScoreStore
    let leads: LeadStore
    let users: UserStore
    let jobs: ScoreJobStore
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/scoring", use: show)
        router.get("/scoring/progress", use: progress)
        router.post("/scoring", use: submit)
        router.get("/scoring/versions/:version", use: showVersion)
        router.get("/scoring/compare", use: compare)
        router.get("/scoring/model.yaml", use: downloadYAML)
        router.get("/scoring/model.json", use: downloadJSON)
    }

    /// A draft being worked on: the document as typed and what was asked of it.
    struct Draft {
        var document: String?
        var errors: [ValidationError] = []
        var preview: ScoringPage.Preview?
        var test: ScoringPage.Test?
        var previewed: String?
        var restoring: Int64?
        var leadQuery = ""
        var status: HTTPResponse.Status = .ok
        /// The rule builder was just used: it opens with its rows.
        var built = false
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        if let restore = request.query.get("restore").flatMap(Int64.init) {
            _ = try context.require(.editScoring)
            guard let saved = try await models.version(restore) else { throw WebError.notFound("scoring model version \(restore)") }
            let text = ModelDocumentFormat.yaml.write(saved.model.document)
            var draft = Draft(document: text, previewed: Self.digest(text), restoring: restore)
            draft.preview = try await preview(try CompiledScoringModel(saved.model))
            return try await page(
                user: user, notice: "Restoring \(Self.versionName(restore)). Below is what saving it does to the leads.", draft: draft,
                context: context)
        }
        let saved = request.query.get("saved").flatMap(Int64.init)
        let restored = request.query.get("restored").flatMap(Int64.init)
        let notice = saved.map { version in
            (restored.map { "Restored \(Self.versionName($0)) as version \(version)." } ?? "Saved version \(version).")
                + " Every lead is being re-scored under it."
        }
        return try await page(user: user, notice: notice, context: context)
    }

    static func versionName(_ version: Int64) -> String {
        version == 0 ? "the built-in standard model" : "version \(version)"
    }

    /// A document's fingerprint, to tell whether the draft being saved is the one previewed.
    /// Browsers send a textarea's lines ended by CR LF, so line ends are read as LF first.
    static func digest(_ document: String) -> String {
        let text = document.replacingOccurrences(of: "\r\n", with: "\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The latest re-scoring's progress as JSON, for the page to poll; 204 when there is none.
    @Sendable func progress(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = context.signedIn
        guard let job = try await jobs.latest() else { return Response(status: .noContent) }
        var response = try Response.model(ScoringPage.Job(job))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func page(user: User, notice: String? = nil, draft: Draft = Draft(), context: SignedInContext) async throws -> Response {
        let active = try await models.current()
        let model = active.model
        let names = try await LeadPagesController.ownerNames(users)
        var page = ScoringPage(
            version: Self.versionName(active.version), canEdit: user.role.can(.editScoring),
            document: draft.document ?? ModelDocumentFormat.yaml.write(model.document), halfLife: ScoreView.number(model.halfLifeDays),
            mqlFit: ScoreView.number(model.mql.fit), mqlEngagement: ScoreView.number(model.mql.engagement),
            gradesFit: model.grades.fit.map(ScoreView.number).joined(separator: " / "),
            gradesEngagement: model.grades.engagement.map(ScoreView.number).joined(separator: " / "),
            coolDown: ScoreView.number(model.recycleCoolDownDays),
            callNow: "\(ScoreView.number(model.callNow.minimumPoints)) points within \(ScoreView.number(model.callNow.windowHours)) hours",
            fitRules: model.fitRules.map {
                ScoringPage.Rule(id: $0.id, name: $0.name, when: Self.conditions($0.when), points: ScoreView.points($0.points))
            },
            engagementRules: model.engagementRules.map(Self.engagementRule), job: try await jobs.latest().map(ScoringPage.Job.init),
            versions: try await models.versions(limit: 50).map {
                ScoringPage.Version(
                    version: $0.version, at: Display.dateTime($0.createdAt), by: DisplayNames.actor($0.createdBy, names: names),
                    inForce: $0.version == active.version)
            },
            notice: notice, errors: draft.errors.map { FormState.Problem(field: $0.field ?? "document", message: $0.message) })
        page.preview = draft.preview
        page.test = draft.test
        page.previewed = draft.previewed
        page.restoring = draft.restoring
        page.leadQuery = draft.leadQuery
        if user.role.can(.editScoring) {
            // The builder shows the draft being worked on when it reads, else the model in force.
            let shown = draft.document.flatMap { text in
                try? ScoringModel(document: try ModelDocumentFormat.detect(contentType: nil, text: text).parse(text))
            }
            page.builder = RuleBuilderView(shown ?? model, open: draft.built)
        }
        return await renderer.render(
            Page(template: "scoring", title: "Scoring", model: page, status: draft.status, section: "scoring"), context: context)
    }

    /// The draft's effect on the real leads, with the sampled leads' scores now beside it.
    private func preview(_ draft: CompiledScoringModel) async throws -> ScoringPage.Preview {
        let now = clock.now()
        let result = try await previews.preview(draft, now: now)
        let current = try await scores.scores(leadIds: (result.becomeMQL + result.leave).map(\.lead.id), now: now)
        return ScoringPage.Preview(result, current: current)
    }

    /// An engagement rule in words: the event it scores, its conditions, its points and limits.
    private static func engagementRule(_ rule: EngagementRule) -> ScoringPage.Rule {
        let event = [rule.eventType?.rawValue, rule.eventName.map { "“\($0)”" }].compactMap { $0 }.joined(separator: " ")
        var limits: [String] = []
        if let cap = rule.cap { limits.append("at most \(ScoreView.number(cap)) at a time") }
        if let days = rule.oncePerDays { limits.append("once per \(days == 1 ? "day" : "\(days) days")") }
        return ScoringPage.Rule(
            id: rule.id, name: rule.name, when: conditions(rule.when), points: ScoreView.points(rule.points),
            event: event.isEmpty ? "any event" : event, limits: limits.joined(separator: ", "))
    }

    /// The edit form's three buttons: preview the draft on the real leads, test it on one lead,
    /// or save it. Saving a draft that was not previewed as it stands shows its preview first,
    /// so no change of rules hands leads to sales unseen.
    @Sendable func submit(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.editScoring)
        let form = context.form
        let text = form?["document"] ?? ""
        var draft = Draft(document: text)
        if let restoring = form?["restoring"], let version = Int64(restoring) { draft.restoring = version }
        let format = ModelDocumentFormat.detect(contentType: nil, text: text)
        var compiled: CompiledScoringModel?
        do {
            compiled = try CompiledScoringModel(try ScoringModel(document: try format.parse(text)))
        } catch let error as ValidationError {
            draft.errors = [error]
        } catch let problems as ValidationErrors {
            draft.errors = problems.errors
        }
        guard let compiled, draft.errors.isEmpty else {
            draft.status = .unprocessableContent
            return try await page(user: user, draft: draft, context: context)
        }
        switch form?["action"] ?? "save" {
        case "build":
            return try await build(compiled.model, form: form ?? FormData(""), draft: draft, user: user, context: context)
        case "test":
            return try await test(compiled, lead: form?["lead"] ?? "", draft: draft, user: user, context: context)
        case "preview":
            draft.preview = try await preview(compiled)
            draft.previewed = Self.digest(text)
            return try await page(user: user, draft: draft, context: context)
        default:
            guard form?["previewed"] == Self.digest(text) else {
                draft.preview = try await preview(compiled)
                draft.previewed = Self.digest(text)
                return try await page(
                    user: user, notice: "Not saved yet: this is what the draft does to the leads. Save again to apply it.", draft: draft,
                    context: context)
            }
            var restored: Int64?
            if let version = draft.restoring, let saved = try await models.version(version), saved.model == compiled.model {
                restored = version
            }
            let job = try await models.save(
                compiled.model, by: .user(user.email, ip: context.remoteIP), now: clock.now(), restoring: restored)
            return Response.redirect(
                to: "/scoring?saved=\(job.modelVersion)" + (restored.map { "&restored=\($0)" } ?? ""), type: .normal)
        }
    }

    /// The rule builder's changes, made to the draft: its YAML is rewritten and previewed at
    /// once, ready to save; nothing is saved here.
    private func build(
        _ model: ScoringModel, form: FormData, draft: Draft, user: User, context: SignedInContext
    ) async throws -> Response {
        var draft = draft
        draft.built = true
        var edit = ScoringModelEdit()
        for rule in model.fitRules {
            edit.fitPoints[rule.id] = form["fit_points_\(rule.id)"]
            if form.isChecked("remove_\(rule.id)") { edit.removed.insert(rule.id) }
        }
        for rule in model.engagementRules {
            edit.engagementPoints[rule.id] = form["engagement_points_\(rule.id)"]
            edit.engagementCaps[rule.id] = form["engagement_cap_\(rule.id)"]
            if form.isChecked("remove_\(rule.id)") { edit.removed.insert(rule.id) }
        }
        (edit.mqlFit, edit.mqlEngagement, edit.halfLifeDays) = (form["mql_fit"], form["mql_engagement"], form["half_life_days"])
        if !form.text("new_fit_name").trimmed.isEmpty || !form.text("new_fit_value").trimmed.isEmpty {
            edit.newFit = .init(
                name: form.text("new_fit_name"), field: form.text("new_fit_field"), op: form.text("new_fit_op"),
                value: form.text("new_fit_value"), points: form.text("new_fit_points"))
        }
        if !form.text("new_engagement_name").trimmed.isEmpty || !form.text("new_engagement_event").trimmed.isEmpty {
            edit.newEngagement = .init(
                name: form.text("new_engagement_name"), eventType: form.text("new_engagement_type"),
                eventName: form.text("new_engagement_event"), points: form.text("new_engagement_points"),
                cap: form.text("new_engagement_cap"), oncePerDays: form.text("new_engagement_once"))
        }
        let compiled: CompiledScoringModel
        do {
            compiled = try CompiledScoringModel(try edit.apply(to: model))
        } catch {
            draft.errors = error.errors
            draft.status = .unprocessableContent
            return try await page(user: user, draft: draft, context: context)
        }
        let text = ModelDocumentFormat.yaml.write(compiled.model.document)
        draft.document = text
        draft.preview = try await preview(compiled)
        draft.previewed = Self.digest(text)
        return try await page(
            user: user, notice: "The builder's changes are in the draft below, with what they do to the leads. Nothing is saved yet.",
            draft: draft, context: context)
    }

    /// "Test on a lead": the draft's explanation for one lead beside the one in force.
    private func test(
        _ compiled: CompiledScoringModel, lead query: String, draft: Draft, user: User, context: SignedInContext
    ) async throws -> Response {
        var draft = draft
        let query = query.trimmed
        draft.leadQuery = query
        let lead: Lead?
        if let id = Int64(query) { lead = try await leads.get(id: Lead.ID(id)) } else { lead = try await leads.find(email: query) }
        let now = clock.now()
        guard let lead, let current = try await scores.explain(leadId: lead.id, now: now),
            let tried = try await scores.explain(leadId: lead.id, now: now, under: compiled)
        else {
            draft.errors = [
                ValidationError(
                    code: "unknown_lead", field: "lead",
                    message: query.isEmpty ? "type a lead's email or id to test the draft on" : "no lead has the email or id “\(query)”")
            ]
            draft.status = .unprocessableContent
            return try await page(user: user, draft: draft, context: context)
        }
        draft.test = ScoringPage.Test(
            leadId: lead.id, name: Display.name(of: lead), now: ScoreExplanationView(current), draft: ScoreExplanationView(tried))
        return try await page(user: user, draft: draft, context: context)
    }

    @Sendable func showVersion(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        guard let text = context.parameters.get("version"), let number = Int64(text), number >= 0 else {
            throw WebError.notFound("This scoring model version")
        }
        guard let saved = try await models.version(number) else { throw WebError.notFound("scoring model version \(number)") }
        let active = try await models.current()
        let names = try await LeadPagesController.ownerNames(users)
        let page = ScoringVersionPage(
            title: number == 0 ? "The built-in standard model" : "Scoring model version \(number)",
            saved: number == 0
                ? "" : "Saved \(Display.dateTime(saved.info.createdAt)) by \(DisplayNames.actor(saved.info.createdBy, names: names))",
            document: ModelDocumentFormat.yaml.write(saved.model.document), inForce: number == active.version,
            canRestore: user.role.can(.editScoring) && number != active.version, version: number,
            compare: CompareForm(versions: try await models.versions(limit: 50), from: number, to: active.version))
        return await renderer.render(
            Page(template: "scoring_version", title: page.title, model: page, section: "scoring"), context: context)
    }

    /// Any two versions as a line diff of their YAML documents; by default the one before the
    /// model in force against it.
    @Sendable func compare(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = context.signedIn
        let active = try await models.current()
        let to = try versionParameter(request, "to") ?? active.version
        let from = try versionParameter(request, "from") ?? max(0, to - 1)
        guard let old = try await models.version(from) else { throw WebError.notFound("scoring model version \(from)") }
        guard let new = try await models.version(to) else { throw WebError.notFound("scoring model version \(to)") }
        let diff = LineDiff.compare(ModelDocumentFormat.yaml.write(old.model.document), ModelDocumentFormat.yaml.write(new.model.document))
        let page = ScoringComparePage(
            from: from, to: to, fromTitle: Self.versionName(from), toTitle: Self.versionName(to), diff: diff,
            compare: CompareForm(versions: try await models.versions(limit: 50), from: from, to: to))
        return await renderer.render(
            Page(template: "scoring_compare", title: "Compare scoring models", model: page, section: "scoring"), context: context)
    }

    /// A version number from the query: absent is nil, anything but a whole number is refused.
    private func versionParameter(_ request: Request, _ name: String) throws -> Int64? {
        guard let text = request.query.get(name), !text.isEmpty else { return nil }
        guard let version = Int64(text), version >= 0 else {
            throw WebError.badRequest("“\(name)” must be a version number, such as 3")
        }
        return version
    }

    @Sendable func downloadYAML(_ request: Request, context: SignedInContext) async throws -> Response {
        try await download(.yaml, request: request, context: context)
    }

    @Sendable func downloadJSON(_ request: Request, context: SignedInContext) async throws -> Response {
        try await download(.json, request: request, context: context)
    }

    private func download(_ format: ModelDocumentFormat, request: Request, context: SignedInContext) async throws -> Response {
        _ = context.signedIn
        let active = try await models.current()
        let body = format.write(active.model.document)
        return Response(
            status: .ok,
            headers: [
                .contentType: format.contentType,
                .contentDisposition: "attachment; filename=\"scoring-model-v\(active.version).\(format.rawValue)\"",
            ], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// "title contains [vp, director] and company_size between [200, 5000]".
    static func conditions(_ conditions: [RuleCondition]) -> String {
        conditions.map { condition in
            let value = condition.value.isNull ? "" : " " + condition.value.jsonText
            return "\(condition.field) \(condition.op.rawValue.replacingOccurrences(of: "_", with: " "))\(value)"
        }.joined(separator: " and ")
    }
}
