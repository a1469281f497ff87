import TandemCore
import TandemStore

/// The webhooks settings page: the subscriptions, the new-webhook form, and a new one's secret.
struct WebhookListPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "tabs": \.tabs, "webhooks": \.webhooks, "topics": \.topics, "formats": \.formats, "url": \.url,
        "created_secret": \.createdSecret, "created_url": \.createdURL, "notice": \.notice,
    ]

    /// What was just done, naming the webhook.
    var notice: String?

    let tabs: [SettingsTab]
    let webhooks: [WebhookRowView]
    let topics: [CheckOption]
    let formats: [FilterOption]
    /// The URL as typed, when a refused form comes back.
    let url: String
    /// Shown once, right after creation.
    let createdSecret, createdURL: String?
    let form: FormState

    func child(named name: String) -> Any? { field(named: name) ?? form.child(named: name) }
}

/// A subscription as the list shows it.
struct WebhookRowView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "id": \.id, "url": \.url, "topics": \.topics, "format": \.format, "created": \.created,
    ]

    let id: Webhook.ID
    let url, topics, format, created: String

    init(_ webhook: Webhook) {
        id = webhook.id
        url = webhook.url
        topics = webhook.topics.map(\.rawValue).joined(separator: ", ")
        format = webhook.format.rawValue
        created = Display.dateTime(webhook.createdAt)
    }
}

/// A checkbox of a form.
struct CheckOption: TemplateModel {
    static let fields: TemplateFields<Self> = ["value": \.value, "checked": \.checked]

    let value: String
    let checked: Bool
}

/// One webhook: its subscription, its secret, and its last deliveries with every attempt.
struct WebhookPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "tabs": \.tabs, "id": \.row.id, "url": \.row.url, "topics": \.row.topics, "format": \.row.format, "secret": \.secret,
        "active": \.active, "deliveries": \.deliveries, "empty": \.empty,
    ]

    let tabs: [SettingsTab]
    let row: WebhookRowView
    let secret: String
    let active: Bool
    let deliveries: [DeliveryView]
    var empty: Bool { deliveries.isEmpty }
}

/// One event sent to a webhook, with its attempts.
struct DeliveryView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "delivery_id": \.deliveryId, "topic": \.topic, "status": \.status, "created": \.created, "next": \.next,
        "attempts": \.attempts,
    ]

    struct Attempt: TemplateModel {
        static let fields: TemplateFields<Self> = ["at": \.at, "status_code": \.statusCode, "error": \.error, "ms": \.ms]

        let at, statusCode, error, ms: String

        init(_ attempt: WebhookAttempt) {
            at = Display.dateTime(attempt.attemptedAt)
            statusCode = attempt.statusCode.map(String.init) ?? "—"
            error = attempt.error ?? ""
            ms = String(format: "%.0f", attempt.durationMilliseconds)
        }
    }

    let deliveryId, topic, status, created: String
    /// When a retried delivery is tried next; empty otherwise.
    let next: String
    let attempts: [Attempt]

    init(_ delivery: WebhookDelivery, attempts: [WebhookAttempt]) {
        deliveryId = delivery.deliveryId
        topic = delivery.topic.rawValue
        status = delivery.status.rawValue
        created = Display.dateTime(delivery.createdAt)
        next = delivery.status == .retrying ? Display.dateTime(delivery.nextAttemptAt) : ""
        self.attempts = attempts.map(Attempt.init)
    }
}
