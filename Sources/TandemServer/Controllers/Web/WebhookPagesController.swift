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
        return try await listPage(context: context)
    }

    /// The list, with the form as posted (`form`, `errors`) or a new webhook's secret (`created`).
    private func listPage(
        form: FormData? = nil, errors: [ValidationError] = [], created: Webhook? = nil, status: HTTPResponse.Status = .ok,
        notice: String? = nil, context: SignedInContext
    ) async throws -> Response {
        var model = WebhookListPage(
            tabs: SettingsTabs.tabs(current: "webhooks"), webhooks: try await webhooks.list().map(WebhookRowView.init),
            topics: WebhookTopic.allCases.map { CheckOption(value: $0.rawValue, checked: form?[$0.rawValue] != nil) },
            formats: WebhookFormat.allCases.map {
                FilterOption(
                    value: $0.rawValue, label: $0 == .json ? "Tandem JSON" : "Slack-compatible", selected: form?["format"] == $0.rawValue)
            },
            url: form?["url"] ?? "", createdSecret: created?.secret, createdURL: created?.url,
            form: form.map { FormState($0, errors: errors) } ?? .empty)
        model.notice = notice
        return await renderer.render(
            Page(template: "webhooks", title: "Webhooks", model: model, status: status, section: "settings"), context: context)
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
            return try await listPage(created: webhook, status: .created, context: context)
        } catch let errors as ValidationErrors {
            return try await listPage(form: form, errors: errors.errors, status: .unprocessableContent, context: context)
        }
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageWebhooks)
        let id = try context.pathId("This webhook", of: Webhook.self)
        guard let webhook = try await webhooks.get(id: id) else { throw WebError.notFound("This webhook") }
        let log = try await webhooks.deliveries(webhookId: id, limit: 100)
        let model = WebhookPage(
            tabs: SettingsTabs.tabs(current: "webhooks"), row: WebhookRowView(webhook), secret: webhook.secret, active: webhook.active,
            deliveries: log.map { DeliveryView($0.delivery, attempts: $0.attempts) })
        return await renderer.render(Page(template: "webhook", title: "Webhook", model: model, section: "settings"), context: context)
    }

    @Sendable func delete(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.manageWebhooks)
        let id = try context.pathId("This webhook", of: Webhook.self)
        let url = try await webhooks.get(id: id)?.url
        guard try await webhooks.deactivate(id: id, by: .user(user.email, ip: context.remoteIP), now: clock.now()), let url else {
            throw WebError.notFound("This webhook")
        }
        return try await listPage(notice: "The webhook to \(url) is stopped: nothing more is sent to it.", context: context)
    }
}
