import Foundation
import HTTPTypes
import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1/scoring`: the model as one YAML or JSON document, re-scoring progress, and each
/// lead's explained score.
struct ScoringController {
    let models: ScoringModelStore
    let jobs: ScoreJobStore
    let scores: LeadScoreStore
    let leads: LeadStore
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("/scoring/model", use: getModel)
        group.put("/scoring/model", use: putModel)
        group.get("/scoring/jobs/latest", use: latestJob)
        group.get("/leads/:id/score", use: leadScore)
    }

    @Sendable func getModel(_ request: Request, context: APIRequestContext) async throws -> Response {
        let format = try Self.requestedFormat(request)
        let active = try await models.current()
        var headers: HTTPFields = [.contentType: format.contentType]
        headers[HTTPField.Name("Tandem-Model-Version")!] = String(active.version)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: format.write(active.model.document))))
    }

    @Sendable func putModel(_ request: Request, context: APIRequestContext) async throws -> Response {
        try context.require(.editScoring)
        let body = try await request.body.collect(upTo: 1024 * 1024)
        let text = String(buffer: body)
        let format = ModelDocumentFormat.detect(contentType: request.headers[.contentType], text: text)
        let model: ScoringModel
        do {
            model = try ScoringModel(document: try format.parse(text))
        } catch let error as ValidationError {
            throw APIError(error)
        } catch let errors as ValidationErrors {
            throw ValidationProblems(errors)
        }
        let job = try await models.save(model, by: context.actor, now: clock.now())
        return .json(["version": .number(Double(job.modelVersion)), "job": Self.job(job)])
    }

    @Sendable func latestJob(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let job = try await jobs.latest() else { return .json(["job": .null]) }
        return .json(["job": Self.job(job)])
    }

    @Sendable func leadScore(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathId("lead")
        guard let lead = try await leads.get(id: id) else { throw APIError.notFound("lead \(id)") }
        guard context.viewer.maySee(lead) else {
            throw APIError(.forbidden, code: "forbidden", message: "lead \(id) belongs to another rep; a sales key sees its rep's leads")
        }
        let now = clock.now()
        guard let explanation = try await scores.explain(leadId: id, now: now) else { throw APIError.notFound("lead \(id)") }
        let version = try await models.current().version
        return .json(Self.explanation(explanation, leadId: id, modelVersion: version))
    }

    /// - Parameter modelVersion: the model's version, when the answer is about one lead.
    static func explanation(_ explanation: ScoreExplanation, leadId: Int64, modelVersion: Int64? = nil) -> JSONValue {
        func round(_ value: Double) -> JSONValue { .number((value * 100).rounded() / 100) }
        var members: [String: JSONValue] = [
            "lead_id": .number(Double(leadId)), "as_of": .time(explanation.asOf),
            "grade": .string(explanation.grade), "call_now": .bool(explanation.callNow),
            "fit": [
                "score": round(explanation.fit.total),
                "rules": .array(
                    explanation.fit.contributions.map {
                        ["rule": .string($0.ruleId), "name": .string($0.ruleName), "points": round($0.points)]
                    }),
            ],
            "engagement": [
                "score": round(explanation.engagement),
                "awards": .array(
                    explanation.lines.map { line in
                        [
                            "rule": .string(line.award.ruleId), "name": .string(line.award.ruleName),
                            "event_id": .number(Double(line.award.eventId)),
                            "at": .time(line.award.at), "points": round(line.award.points), "remaining": round(line.remaining),
                        ]
                    }),
            ],
        ]
        if let modelVersion { members["model_version"] = .number(Double(modelVersion)) }
        return .object(members)
    }

    static func job(_ job: ScoreJob) -> JSONValue {
        [
            "id": .number(Double(job.id)), "model_version": .number(Double(job.modelVersion)), "status": .string(job.status.rawValue),
            "total": .number(Double(job.total)), "done": .number(Double(job.done)),
            "progress": .number((job.fractionDone * 1000).rounded() / 1000),
            "created_at": .time(job.createdAt), "finished_at": job.finishedAt.map(JSONValue.time) ?? .null,
        ]
    }

    private static func requestedFormat(_ request: Request) throws -> ModelDocumentFormat {
        if let text = request.query.get("format") {
            guard let format = ModelDocumentFormat(rawValue: text.lowercased()) else {
                throw APIError.badParameter("format", "format is yaml or json, not '\(text)'")
            }
            return format
        }
        let accept = request.headers[.accept]?.lowercased() ?? ""
        return accept.contains("yaml") ? .yaml : .json
    }
}

/// Several validation problems at once: the first in the standard error shape, all of them in
/// `errors`, so a client can mark every wrong rule.
struct ValidationProblems: Error, HTTPResponseError {
    let errors: ValidationErrors

    init(_ errors: ValidationErrors) {
        self.errors = errors
    }

    var status: HTTPResponse.Status { .unprocessableContent }
    var headers: HTTPFields { [:] }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        func shape(_ error: ValidationError) -> JSONValue {
            ["code": .string(error.code), "message": .string(error.message), "field": .optional(error.field)]
        }
        return .json(["error": shape(errors.errors[0]), "errors": .array(errors.errors.map(shape))], status: status)
    }
}
