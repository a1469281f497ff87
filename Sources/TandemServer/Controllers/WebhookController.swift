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

    func addRoutes(to routes: APIRoutes) {
        routes.add(
            APIOperation(
                .get, "/webhooks", "Webhook subscriptions (admin)", tag: "webhooks", requires: .manageWebhooks,
                response: .json(ListOf<WebhookDTO>.self)), use: list)
        routes.add(
            APIOperation(
                .post, "/webhooks", "Subscribe a URL to lifecycle events; the answer holds the signing secret (admin)", tag: "webhooks",
                requires: .manageWebhooks, body: .json(WebhookRequest.self), response: .json(WebhookDTO.self), status: .created),
            use: create)
        routes.add(
            APIOperation(
                .delete, "/webhooks/:id", "Stop a webhook (admin)", tag: "webhooks", requires: .manageWebhooks, response: .none,
                status: .noContent), use: delete)
        routes.add(
            APIOperation(
                .get, "/webhooks/:id/deliveries", "A webhook's deliveries with each attempt (admin)", tag: "webhooks",
                requires: .manageWebhooks, query: [.limit], response: .json(ListOf<DeliveryDTO>.self)), use: deliveries)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        try .model(ListOf(data: try await webhooks.list().map { WebhookDTO($0, withSecret: false) }))
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        let body = try await request.model(WebhookRequest.self, context: context)
        let input = try WebhookInput(url: body.url, topics: body.topics, format: body.format)
        if let reason = await targets.refusal(url: input.url) {
            throw APIError(.unprocessableContent, code: "invalid_value", message: reason, field: "url")
        }
        let webhook = try await webhooks.create(input, by: context.actor, now: clock.now())
        return try .model(WebhookDTO(webhook, withSecret: true), status: .created, headers: [.location: "/api/v1/webhooks/\(webhook.id)"])
    }

    @Sendable func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathId("webhook", of: Webhook.self)
        guard try await webhooks.deactivate(id: id, by: context.actor, now: clock.now()) else {
            throw APIError.notFound("webhook \(id)")
        }
        return Response(status: .noContent)
    }

    @Sendable func deliveries(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathId("webhook", of: Webhook.self)
        guard try await webhooks.get(id: id) != nil else { throw APIError.notFound("webhook \(id)") }
        let log = try await webhooks.deliveries(webhookId: id, limit: try QueryReader(request).limit(default: 50, maximum: 500))
        return try .model(ListOf(data: log.map { DeliveryDTO($0.delivery, attempts: $0.attempts) }))
    }
}
