import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1/leads`: create, read, update, list with filters, and each lead's timeline.
struct LeadController {
    let leads: LeadStore
    let clock: any WallClock

    func addRoutes(to routes: APIRoutes) {
        routes.add(
            APIOperation(
                .get, "/leads", "List leads (a sales key sees only its rep's leads)", tag: "leads",
                query: [
                    APIParameter(name: "stage", description: "lifecycle stage"), APIParameter(name: "owner", description: "owner"),
                    APIParameter(name: "source", description: "lead source"), .time("updated_since", "ISO-8601 time"),
                    APIParameter(name: "attr.KEY", description: "a free attribute equal to the value (any KEY)"), .cursor, .limit,
                ], response: .json(PageOf<LeadDTO>.self)), use: list)
        routes.add(
            APIOperation(
                .post, "/leads", "Create a lead", tag: "leads", requires: .editLeads, body: LeadInputSchema.content,
                response: .json(LeadDTO.self), status: .created), use: create)
        routes.add(APIOperation(.get, "/leads/:id", "Get a lead", tag: "leads", response: .json(LeadDTO.self)), use: get)
        routes.add(
            APIOperation(
                .patch, "/leads/:id", "Update a lead; a stage change is checked against the lifecycle rules", tag: "leads",
                requires: .editLeads, body: LeadInputSchema.content, response: .json(LeadDTO.self)), use: update)
        routes.add(
            APIOperation(
                .get, "/leads/:id/timeline", "A lead's events and stage changes, newest first", tag: "leads",
                query: [APIParameter.limit], response: .json(ListOf<TimelineEntryDTO>.self)), use: timeline)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let query = QueryReader(request)
        var filter = LeadFilter()
        filter.stage = try query.stage("stage")
        filter.owner = try query.string("owner")
        filter.source = try query.string("source")
        filter.updatedSince = try query.time("updated_since")
        filter.attributes = try query.attributes()
        filter.afterId = try query.id("cursor")
        filter.limit = try query.limit()
        filter.scope = context.viewer.leadScope
        let page = try await leads.list(filter)
        return try .model(PageOf(page, limit: filter.limit, id: \.id.rawValue, item: LeadDTO.init))
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        var input = try LeadInput(json: try await request.jsonObject(context: context))
        try Self.checkOwner(input, viewer: context.viewer, defaultToSelf: true, input: &input)
        guard input.email != nil else {
            throw APIError(.unprocessableContent, code: "missing_field", message: "a lead needs an email", field: "email")
        }
        let lead = try await leads.create(input, actor: context.stageActor, now: clock.now())
        return try .model(LeadDTO(lead), status: .created, headers: [.location: "/api/v1/leads/\(lead.id)"])
    }

    @Sendable func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        try .model(LeadDTO(try await visibleLead(try context.pathLeadId(), context: context)))
    }

    /// The lead, if the key may see it: a sales key sees its rep's leads only.
    private func visibleLead(_ id: Lead.ID, context: APIRequestContext) async throws -> Lead {
        guard let lead = try await leads.get(id: id) else { throw APIError.notFound("lead \(id)") }
        guard context.viewer.maySee(lead) else {
            throw APIError(.forbidden, code: "forbidden", message: "lead \(id) belongs to another rep; a sales key sees its rep's leads")
        }
        return lead
    }

    /// A sales key may not hand a lead to someone else; without an owner, its new leads are its rep's.
    private static func checkOwner(_ given: LeadInput, viewer: Viewer, defaultToSelf: Bool, input: inout LeadInput) throws {
        guard viewer.leadScope != .all, let own = viewer.ownerEmail else { return }
        switch given.fields[.owner] {
        case .some(.some(let owner)) where owner.lowercased() != own.lowercased():
            throw APIError(
                .forbidden, code: "forbidden", message: "a sales key can only assign leads to its own rep, \(own)", field: "owner")
        case .some(.none):
            throw APIError(.forbidden, code: "forbidden", message: "a sales key cannot unassign its rep's leads", field: "owner")
        case nil where defaultToSelf:
            input.fields[.owner] = .some(own)
        default:
            break
        }
    }

    @Sendable func update(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathLeadId()
        _ = try await visibleLead(id, context: context)
        var input = try LeadInput(json: try await request.jsonObject(context: context))
        try Self.checkOwner(input, viewer: context.viewer, defaultToSelf: false, input: &input)
        let updated: Lead?
        do {
            updated = try await leads.update(id: id, input, actor: context.stageActor, now: clock.now())
        } catch let error as ValidationError where error.field == "reason_code" {
            // The API names the field as its clients send it.
            throw ValidationError(code: error.code, field: "stage_reason_code", message: error.message)
        }
        guard let lead = updated else { throw APIError.notFound("lead \(id)") }
        return try .model(LeadDTO(lead))
    }

    @Sendable func timeline(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathLeadId()
        let limit = try QueryReader(request).limit(default: 100)
        _ = try await visibleLead(id, context: context)
        let entries = try await leads.timeline(leadId: id, limit: limit)
        return try .model(ListOf(data: entries.map(TimelineEntryDTO.init)))
    }
}
