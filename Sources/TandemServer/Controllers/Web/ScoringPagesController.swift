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
        router.post("/scoring", use: save)
        router.get("/scoring/model.yaml", use: downloadYAML)
        router.get("/scoring/model.json", use: downloadJSON)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        var data: [String: Any] = [:]
        if let saved = request.query.get("saved").flatMap(Int64.init) {
            data["notice"] = "Saved version \(saved). Every lead is being re-scored under it."
        }
        return try await page(user: user, data: data, context: context)
    }

    private func page(
        user: User, data extra: [String: Any], document: String? = nil, status: HTTPResponse.Status = .ok, context: SignedInContext
    ) async throws -> Response {
        let active = try await models.current()
        let model = active.model
        var data = extra
        data["version"] = active.version == 0 ? "the built-in standard model" : "version \(active.version)"
        data["can_edit"] = user.role.can(.editScoring)
        data["document"] = document ?? ModelDocumentFormat.yaml.write(model.document)
        data["half_life"] = ScoreView.number(model.halfLifeDays)
        data["mql_fit"] = ScoreView.number(model.mql.fit)
        data["mql_engagement"] = ScoreView.number(model.mql.engagement)
        data["grades_fit"] = model.grades.fit.map(ScoreView.number).joined(separator: " / ")
        data["grades_engagement"] = model.grades.engagement.map(ScoreView.number).joined(separator: " / ")
        data["cool_down"] = ScoreView.number(model.recycleCoolDownDays)
        data["call_now"] =
            "\(ScoreView.number(model.callNow.minimumPoints)) points within \(ScoreView.number(model.callNow.windowHours)) hours"
        data["fit_rules"] = model.fitRules.map { rule -> [String: Any] in
            ["id": rule.id, "name": rule.name, "when": Self.conditions(rule.when), "points": ScoreView.points(rule.points)]
        }
        data["engagement_rules"] = model.engagementRules.map { rule -> [String: Any] in
            let event = [rule.eventType?.rawValue, rule.eventName.map { "“\($0)”" }].compactMap { $0 }.joined(separator: " ")
            var limits: [String] = []
            if let cap = rule.cap { limits.append("at most \(ScoreView.number(cap)) at a time") }
            if let days = rule.oncePerDays { limits.append("once per \(days == 1 ? "day" : "\(days) days")") }
            return [
                "id": rule.id, "name": rule.name, "event": event.isEmpty ? "any event" : event, "when": Self.conditions(rule.when),
                "points": ScoreView.points(rule.points), "limits": limits.joined(separator: ", "),
            ]
        }
        if let job = try await jobs.latest() {
            data["job"] =
                [
                    "status": job.status.rawValue, "done": job.done, "total": job.total,
                    "percent": (job.fractionDone * 100).rounded().clampedInt,
                    "running": job.status.isActive, "version": job.modelVersion,
                ] as [String: Any]
            data["job_running"] = job.status.isActive
        }
        data["versions"] = try await models.versions(limit: 10).map { version -> [String: Any] in
            ["version": version.version, "at": Display.dateTime(version.createdAt), "by": version.createdBy]
        }
        return await renderer.render(
            Page(template: "scoring", title: "Scoring", data: data, status: status, section: "scoring"), context: context)
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
            let listed = errors.map { ["field": $0.field ?? "document", "message": $0.message] }
            return try await page(
                user: user, data: ["has_errors": true, "errors": listed], document: text, status: .unprocessableContent, context: context)
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
