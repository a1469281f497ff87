import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// The scoring model, readable by both teams: every rule with its points, the thresholds of
/// hand-off, the re-scoring in progress and the saved versions. Marketing and admins edit it
/// as one YAML (or JSON) document, the same one the API and `tandem scoring` exchange.
struct ScoringPagesController {
    let models: ScoringModelStore
    let jobs: ScoreJobStore
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/scoring", use: show)
        router.get("/scoring/progress", use: progress)
        router.post("/scoring", use: save)
        router.get("/scoring/model.yaml", use: downloadYAML)
        router.get("/scoring/model.json", use: downloadJSON)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let saved = request.query.get("saved").flatMap(Int64.init)
        return try await page(
            user: context.signedIn, notice: saved.map { "Saved version \($0). Every lead is being re-scored under it." }, context: context)
    }

    /// The latest re-scoring's progress as JSON, for the page to poll; 204 when there is none.
    @Sendable func progress(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = context.signedIn
        guard let job = try await jobs.latest() else { return Response(status: .noContent) }
        var response = try Response.model(ScoringPage.Job(job))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func page(
        user: User, notice: String? = nil, errors: [ValidationError] = [], document: String? = nil, status: HTTPResponse.Status = .ok,
        context: SignedInContext
    ) async throws -> Response {
        let active = try await models.current()
        let model = active.model
        let page = ScoringPage(
            version: active.version == 0 ? "the built-in standard model" : "version \(active.version)",
            canEdit: user.role.can(.editScoring),
            document: document ?? ModelDocumentFormat.yaml.write(model.document), halfLife: ScoreView.number(model.halfLifeDays),
            mqlFit: ScoreView.number(model.mql.fit), mqlEngagement: ScoreView.number(model.mql.engagement),
            gradesFit: model.grades.fit.map(ScoreView.number).joined(separator: " / "),
            gradesEngagement: model.grades.engagement.map(ScoreView.number).joined(separator: " / "),
            coolDown: ScoreView.number(model.recycleCoolDownDays),
            callNow: "\(ScoreView.number(model.callNow.minimumPoints)) points within \(ScoreView.number(model.callNow.windowHours)) hours",
            fitRules: model.fitRules.map {
                ScoringPage.Rule(id: $0.id, name: $0.name, when: Self.conditions($0.when), points: ScoreView.points($0.points))
            },
            engagementRules: model.engagementRules.map(Self.engagementRule), job: try await jobs.latest().map(ScoringPage.Job.init),
            versions: try await models.versions(limit: 10).map {
                ScoringPage.Version(version: $0.version, at: Display.dateTime($0.createdAt), by: $0.createdBy)
            },
            notice: notice, errors: errors.map { FormState.Problem(field: $0.field ?? "document", message: $0.message) })
        return await renderer.render(
            Page(template: "scoring", title: "Scoring", model: page, status: status, section: "scoring"), context: context)
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

    @Sendable func save(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.editScoring)
        let text = context.form?["document"] ?? ""
        let format = ModelDocumentFormat.detect(contentType: nil, text: text)
        var errors: [ValidationError] = []
        var model: ScoringModel?
        do {
            model = try ScoringModel(document: try format.parse(text))
        } catch let error as ValidationError {
            errors = [error]
        } catch let problems as ValidationErrors {
            errors = problems.errors
        }
        guard let model, errors.isEmpty else {
            return try await page(user: user, errors: errors, document: text, status: .unprocessableContent, context: context)
        }
        let job = try await models.save(model, by: .user(user.email, ip: context.remoteIP), now: clock.now())
        return Response.redirect(to: "/scoring?saved=\(job.modelVersion)", type: .normal)
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
