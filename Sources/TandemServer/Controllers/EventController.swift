import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1/events`: query stored events; `/api/v1/rejected-messages`: what tracking refused.
struct EventController {
    let events: EventStore

    func addRoutes(to routes: APIRoutes) {
        routes.add(
            APIOperation(
                .get, "/events", "Query events (admin, marketing)", tag: "events", requires: .readEvents,
                query: [
                    APIParameter(name: "lead_id", description: "lead id", type: "integer"),
                    APIParameter(name: "user_id", description: "userId"), APIParameter(name: "anonymous_id", description: "anonymousId"),
                    APIParameter(name: "type", description: "message type"), APIParameter(name: "name", description: "event name"),
                    APIParameter(name: "campaign", description: "campaign name"),
                    APIParameter(name: "message_id", description: "messageId"),
                    .time("since", "ISO-8601 time"), .time("until", "ISO-8601 time"), .cursor, .limit,
                ], response: .json(PageOf<EventDTO>.self)), use: list)
        routes.add(
            APIOperation(
                .get, "/rejected-messages", "Tracking messages that were refused, with their reasons (admin)", tag: "events",
                requires: .readAuditLog, query: [.cursor, .limit], response: .json(PageOf<RejectedMessageDTO>.self)), use: rejected)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let query = QueryReader(request)
        var filter = EventFilter()
        filter.leadId = try query.id("lead_id")
        filter.userId = try query.string("user_id")
        filter.anonymousId = try query.string("anonymous_id")
        if let text = try query.string("type") {
            guard let type = MessageType(rawValue: text) else {
                throw APIError.badParameter("type", "unknown type '\(text)'; use identify, track, page, screen, group or alias")
            }
            filter.type = type
        }
        filter.name = try query.string("name")
        filter.campaign = try query.string("campaign")
        filter.messageId = try query.string("message_id")
        filter.since = try query.time("since")
        filter.until = try query.time("until")
        filter.afterId = try query.id("cursor")
        filter.limit = try query.limit(default: 100)
        let page = try await events.query(filter)
        return try .model(PageOf(page, limit: filter.limit, id: \.id, item: EventDTO.init))
    }

    @Sendable func rejected(_ request: Request, context: APIRequestContext) async throws -> Response {
        let query = QueryReader(request)
        let limit = try query.limit()
        let page = try await events.rejected(beforeId: try query.int64("cursor"), limit: limit)
        return try .model(PageOf(page, limit: limit, id: \.id, item: RejectedMessageDTO.init))
    }
}
