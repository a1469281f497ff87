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

    func addRoutes(to routes: APIRoutes) {
        let document = APIContent.named("ScoringModel", ["type": "object", "description": "see docs/scoring.md"])
        routes.add(
            APIOperation(
                .get, "/scoring/model", "The scoring model in force, as YAML or JSON (format=yaml|json or the Accept header)",
                tag: "scoring", query: [APIParameter(name: "format", description: "yaml or json")], response: document), use: getModel)
        routes.add(
            APIOperation(
                .put, "/scoring/model", "Replace the scoring model (YAML or JSON body); every lead is re-scored in the background",
                tag: "scoring", requires: .editScoring,
                body: .text(
                    mediaType: "application/json", schema: ["type": "string", "description": "the model document (docs/scoring.md)"]),
                response: .json(ModelSavedDTO.self)), use: putModel)
        routes.add(
            APIOperation(
                .get, "/scoring/jobs/latest", "Progress of the latest re-scoring", tag: "scoring", response: .json(LatestJobDTO.self)),
            use: latestJob)
        routes.add(
            APIOperation(
                .get, "/leads/:id/score", "A lead's fit and engagement, explained rule by rule, with decay applied now",
                tag: "scoring", response: .json(ScoreExplanationDTO.self)), use: leadScore)
    }

    @Sendable func getModel(_ request: Request, context: APIRequestContext) async throws -> Response {
        let format = try Self.requestedFormat(request)
        let active = try await models.current()
        var headers: HTTPFields = [.contentType: format.contentType]
        headers[HTTPField.Name("Tandem-Model-Version")!] = String(active.version)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: format.write(active.model.document))))
    }

    @Sendable func putModel(_ request: Request, context: APIRequestContext) async throws -> Response {
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
        return try .model(ModelSavedDTO(version: job.modelVersion, job: ScoreJobDTO(job)))
    }

    @Sendable func latestJob(_ request: Request, context: APIRequestContext) async throws -> Response {
        try .model(LatestJobDTO(job: try await jobs.latest().map(ScoreJobDTO.init)))
    }

    @Sendable func leadScore(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathLeadId()
        guard let lead = try await leads.get(id: id) else { throw APIError.notFound("lead \(id)") }
        guard context.viewer.maySee(lead) else {
            throw APIError(.forbidden, code: "forbidden", message: "lead \(id) belongs to another rep; a sales key sees its rep's leads")
        }
        let now = clock.now()
        guard let explanation = try await scores.explain(leadId: id, now: now) else { throw APIError.notFound("lead \(id)") }
        let version = try await models.current().version
        return try .model(ScoreExplanationDTO(explanation, leadId: id, modelVersion: version))
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
        let problems = errors.errors.map { ErrorDTO.Problem(code: $0.code, message: $0.message, field: $0.field) }
        guard let first = problems.first else { throw APIError(.internalServerError, code: "internal", message: "no problem to report") }
        return try .model(ErrorDTO(error: first, errors: problems), status: status)
    }
}
