import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// Webhook subscriptions and their delivery logs, for admins.
struct WebhookPagesController {
    let webhooks: WebhookStore
    let targets: WebhookTargetGuard
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/settings/webhooks", use: list)
        router.post("/settings/webhooks", use: create)
        router.get("/settings/webhooks/:id", use: show)
        router.post("/settings/webhooks/:id/delete", use: delete)
    }

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageWebhooks)
        return try await listPage(data: [:], form: nil, context: context)
    }

    private func listPage(data extra: [String: Any], form: FormData?, status: HTTPResponse.Status = .ok, context: SignedInContext)
        async throws -> Response
    {
        var data = extra
        data["tabs"] = SettingsTabs.data(current: "webhooks")
        data["webhooks"] = try await webhooks.list().map { webhook -> [String: Any] in
            [
                "id": webhook.id, "url": webhook.url, "topics": webhook.topics.map(\.rawValue).joined(separator: ", "),
                "format": webhook.format.rawValue,
                "created": Display.dateTime(webhook.createdAt),
            ]
        }
        data["topics"] = WebhookTopic.allCases.map { topic -> [String: Any] in
            ["value": topic.rawValue, "checked": form.map { $0[topic.rawValue] != nil } ?? false]
        }
        data["url"] = form?["url"] ?? ""
        data["formats"] = WebhookFormat.allCases.map { format -> [String: Any] in
            [
                "value": format.rawValue, "label": format == .json ? "Tandem JSON" : "Slack-compatible",
                "selected": form?["format"] == format.rawValue,
            ]
        }
        return await renderer.render(
            Page(template: "webhooks", title: "Webhooks", data: data, status: status, section: "settings"), context: context)
    }

    @Sendable func create(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.manageWebhooks)
        let form = context.form ?? FormData("")
        let topics = WebhookTopic.allCases.map(\.rawValue).filter { form[$0] != nil }
        do {
            let input = try WebhookInput(url: form.text("url"), topics: topics, format: form["format"])
            if let reason = await targets.refusal(url: input.url) {
                throw ValidationErrors([ValidationError(code: "invalid_value", field: "url", message: reason)])
            }
            let webhook = try await webhooks.create(input, by: .user(user.email, ip: context.remoteIP), now: clock.now())
            return try await listPage(
                data: ["created_secret": webhook.secret, "created_url": webhook.url], form: nil, status: .created, context: context)
        } catch let errors as ValidationErrors {
            var data: [String: Any] = ["has_errors": true]
            for error in errors.errors {
                if let field = error.field, data["\(field)_error"] == nil { data["\(field)_error"] = error.message }
            }
            return try await listPage(data: data, form: form, status: .unprocessableContent, context: context)
        }
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageWebhooks)
        guard let text = context.parameters.get("id"), let id = Int64(text), let webhook = try await webhooks.get(id: id) else {
            throw WebError.notFound("This webhook")
        }
        let log = try await webhooks.deliveries(webhookId: id, limit: 100)
        let data: [String: Any] = [
            "tabs": SettingsTabs.data(current: "webhooks"), "id": webhook.id, "url": webhook.url,
            "topics": webhook.topics.map(\.rawValue).joined(separator: ", "),
            "format": webhook.format.rawValue, "secret": webhook.secret, "active": webhook.active,
            "deliveries": log.map { entry -> [String: Any] in
                [
                    "delivery_id": entry.delivery.deliveryId, "topic": entry.delivery.topic.rawValue,
                    "status": entry.delivery.status.rawValue,
                    "created": Display.dateTime(entry.delivery.createdAt),
                    "next": entry.delivery.status == .retrying ? Display.dateTime(entry.delivery.nextAttemptAt) : "",
                    "attempts": entry.attempts.map { attempt -> [String: Any] in
                        [
                            "at": Display.dateTime(attempt.attemptedAt), "status_code": attempt.statusCode.map(String.init) ?? "—",
                            "error": attempt.error ?? "", "ms": String(format: "%.0f", attempt.durationMilliseconds),
                        ]
                    },
                ]
            },
            "empty": log.isEmpty,
        ]
        return await renderer.render(Page(template: "webhook", title: "Webhook", data: data, section: "settings"), context: context)
    }

    @Sendable func delete(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.manageWebhooks)
        guard let text = context.parameters.get("id"), let id = Int64(text) else { throw WebError.notFound("This webhook") }
        guard try await webhooks.deactivate(id: id, by: .user(user.email, ip: context.remoteIP), now: clock.now()) else {
            throw WebError.notFound("This webhook")
        }
        return Response.redirect(to: "/settings/webhooks", type: .normal)
    }
}
