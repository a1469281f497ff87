import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1/events`: query stored events; `/api/v1/rejected-messages`: what tracking refused.
struct EventController {
    let events: EventStore

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("/events", use: list)
        group.get("/rejected-messages", use: rejected)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        try context.require(.readEvents)
        let query = QueryReader(request)
        var filter = EventFilter()
        filter.leadId = try query.int64("lead_id")
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
        filter.afterId = try query.int64("cursor")
        filter.limit = try query.limit(default: 100)
        let page = try await events.query(filter)
        return .json(Representation.page(page.map(Representation.event), nextCursor: page.count == filter.limit ? page.last?.id : nil))
    }

    @Sendable func rejected(_ request: Request, context: APIRequestContext) async throws -> Response {
        try context.require(.readAuditLog)
        let query = QueryReader(request)
        let limit = try query.limit()
        let page = try await events.rejected(beforeId: try query.int64("cursor"), limit: limit)
        let items: [JSONValue] = page.map { message in
            [
                "id": .number(Double(message.id)), "received_at": .time(message.receivedAt),
                "write_key_id": .optional(message.writeKeyId), "index": .optional(message.index.map(Int64.init)),
                "code": .string(message.code), "field": .optional(message.field), "reason": .string(message.reason),
                "payload": .string(message.payload),
            ]
        }
        return .json(Representation.page(items, nextCursor: page.count == limit ? page.last?.id : nil))
    }
}
