import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1/leads`: create, read, update, list with filters, and each lead's timeline.
struct LeadController {
    let leads: LeadStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/leads", use: list)
        group.post("/leads", use: create)
        group.get("/leads/:id", use: get)
        group.patch("/leads/:id", use: update)
        group.get("/leads/:id/timeline", use: timeline)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryReader(request)
        var filter = LeadFilter()
        filter.stage = try query.stage("stage")
        filter.owner = try query.string("owner")
        filter.source = try query.string("source")
        filter.updatedSince = try query.time("updated_since")
        filter.attributes = try query.attributes()
        filter.afterId = try query.int64("cursor")
        filter.limit = try query.limit()
        let page = try await leads.list(filter)
        let next = page.count == filter.limit ? page.last?.id : nil
        return .json(Representation.page(page.map(Representation.lead), nextCursor: next))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.require("admin", "marketing", "sales")
        let input = try LeadInput(json: try await request.jsonObject(context: context))
        guard input.email != nil else {
            throw APIError(.unprocessableContent, code: "missing_field", message: "a lead needs an email", field: "email")
        }
        let lead = try await leads.create(input, actor: actor(context))
        return .json(Representation.lead(lead), status: .created, headers: [.location: "/api/v1/leads/\(lead.id)"])
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try leadId(context)
        guard let lead = try await leads.get(id: id) else { throw APIError.notFound("lead \(id)") }
        return .json(Representation.lead(lead))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.require("admin", "marketing", "sales")
        let id = try leadId(context)
        let input = try LeadInput(json: try await request.jsonObject(context: context))
        guard let lead = try await leads.update(id: id, input, actor: actor(context)) else { throw APIError.notFound("lead \(id)") }
        return .json(Representation.lead(lead))
    }

    @Sendable func timeline(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try leadId(context)
        let limit = try QueryReader(request).limit(default: 100)
        guard try await leads.get(id: id) != nil else { throw APIError.notFound("lead \(id)") }
        let entries = try await leads.timeline(leadId: id, limit: limit)
        return .json(["data": .array(entries.map(Representation.timelineEntry))])
    }

    private func leadId(_ context: AppRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text) else {
            throw APIError.badParameter("id", "a lead id is a whole number")
        }
        return id
    }

    private func actor(_ context: AppRequestContext) -> StageActor {
        .apiKey(context.apiKey?.name ?? "unknown")
    }
}
