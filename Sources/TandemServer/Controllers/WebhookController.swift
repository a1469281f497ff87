import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1/webhooks`: subscriptions to lifecycle events and their delivery logs (admin keys).
struct WebhookController {
    let webhooks: WebhookStore
    /// Refuses targets inside the network unless allowed.
    let targets: WebhookTargetGuard
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("/webhooks", use: list)
        group.post("/webhooks", use: create)
        group.delete("/webhooks/:id", use: delete)
        group.get("/webhooks/:id/deliveries", use: deliveries)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        try context.require(.manageWebhooks)
        return .json(["data": .array(try await webhooks.list().map { Self.webhook($0, withSecret: false) })])
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        try context.require(.manageWebhooks)
        let body = try await request.jsonObject(context: context)
        guard let url = body["url"]?.stringValue else {
            throw APIError(.unprocessableContent, code: "missing_field", message: "a webhook needs a url", field: "url")
        }
        guard let topics = body["topics"]?.arrayValue, topics.allSatisfy({ $0.stringValue != nil }) else {
            throw APIError(.unprocessableContent, code: "invalid_type", message: "topics is a list of event names", field: "topics")
        }
        let input = try WebhookInput(url: url, topics: topics.compactMap(\.stringValue), format: body["format"]?.stringValue)
        if let reason = await targets.refusal(url: input.url) {
            throw APIError(.unprocessableContent, code: "invalid_value", message: reason, field: "url")
        }
        let webhook = try await webhooks.create(input, by: context.actor, now: clock.now())
        return .json(Self.webhook(webhook, withSecret: true), status: .created, headers: [.location: "/api/v1/webhooks/\(webhook.id)"])
    }

    @Sendable func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        try context.require(.manageWebhooks)
        let id = try context.pathId("webhook")
        guard try await webhooks.deactivate(id: id, by: context.actor, now: clock.now()) else {
            throw APIError.notFound("webhook \(id)")
        }
        return Response(status: .noContent)
    }

    @Sendable func deliveries(_ request: Request, context: APIRequestContext) async throws -> Response {
        try context.require(.manageWebhooks)
        let id = try context.pathId("webhook")
        guard try await webhooks.get(id: id) != nil else { throw APIError.notFound("webhook \(id)") }
        let log = try await webhooks.deliveries(webhookId: id, limit: try QueryReader(request).limit(default: 50, maximum: 500))
        return .json(["data": .array(log.map { Self.delivery($0.delivery, attempts: $0.attempts) })])
    }

    static func webhook(_ webhook: Webhook, withSecret: Bool) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .number(Double(webhook.id)), "url": .string(webhook.url),
            "topics": .array(webhook.topics.map { JSONValue.string($0.rawValue) }),
            "format": .string(webhook.format.rawValue), "created_at": .time(webhook.createdAt), "created_by": .string(webhook.createdBy),
        ]
        if withSecret { members["secret"] = .string(webhook.secret) }
        return .object(members)
    }

    static func delivery(_ delivery: WebhookDelivery, attempts: [WebhookAttempt]) -> JSONValue {
        [
            "id": .string(delivery.deliveryId), "topic": .string(delivery.topic.rawValue), "status": .string(delivery.status.rawValue),
            "attempts": .array(
                attempts.map { attempt in
                    [
                        "at": .time(attempt.attemptedAt), "status_code": attempt.statusCode.map { .number(Double($0)) } ?? .null,
                        "error": .optional(attempt.error), "duration_ms": .number((attempt.durationMilliseconds * 10).rounded() / 10),
                    ]
                }),
            "next_attempt_at": DeliveryStatus.due.contains(delivery.status) ? .time(delivery.nextAttemptAt) : .null,
            "created_at": .time(delivery.createdAt), "delivered_at": delivery.deliveredAt.map(JSONValue.time) ?? .null,
        ]
    }
}
