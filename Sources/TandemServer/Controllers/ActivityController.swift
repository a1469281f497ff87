import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1/leads/:id/activities`: the calls, emails, meetings and notes logged on a lead. A
/// sales key logs them on its rep's leads, as that rep.
struct ActivityController {
    let activities: SalesActivityStore
    let leads: LeadStore
    let clock: any WallClock

    func addRoutes(to routes: APIRoutes) {
        routes.add(
            APIOperation(
                .get, "/leads/:id/activities", "A lead's logged calls, emails, meetings and notes, newest first", tag: "activities",
                query: [APIParameter.limit], response: .json(ListOf<SalesActivityDTO>.self)), use: list)
        routes.add(
            APIOperation(
                .post, "/leads/:id/activities",
                "Log a call, email, meeting or note on a lead, with its outcome and time; a rep's call, email or meeting is their first touch",
                tag: "activities", requires: .logActivities, body: .json(LogActivityRequest.self), response: .json(SalesActivityDTO.self),
                status: .created), use: log)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathLeadId()
        let limit = try QueryReader(request).limit(default: 100)
        try await checkVisible(id, context: context)
        return try .model(ListOf(data: try await activities.list(leadId: id, limit: limit).map(SalesActivityDTO.init)))
    }

    @Sendable func log(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathLeadId()
        try await checkVisible(id, context: context)
        let body = try await request.model(LogActivityRequest.self, context: context)
        let now = clock.now()
        let input = try SalesActivityInput(
            kind: body.kind, outcome: body.outcome, occurredAt: body.occurredAt?.seconds,
            durationMinutes: body.durationMinutes.map(String.init),
            subject: body.subject, notes: body.notes, now: now)
        let activity = try await activities.log(input, leadId: id, by: context.actor, touchedBy: context.viewer.ownerEmail, now: now)
        return try .model(
            SalesActivityDTO(activity), status: .created, headers: [.location: "/api/v1/leads/\(id)/activities"])
    }

    /// A sales key reaches its rep's leads only, and is told so without learning about others.
    private func checkVisible(_ id: Lead.ID, context: APIRequestContext) async throws {
        guard let lead = try await leads.get(id: id) else { throw APIError.notFound("lead \(id)") }
        guard context.viewer.maySee(lead) else {
            throw APIError(.forbidden, code: "forbidden", message: "lead \(id) belongs to another rep; a sales key sees its rep's leads")
        }
    }
}
