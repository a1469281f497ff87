import TandemCore
import TandemStore

/// A subscription of a URL to lifecycle events.
struct WebhookDTO: APIModel {
    let id: Webhook.ID
    let url: String
    let topics: [WebhookTopic]
    let format: WebhookFormat
    let createdAt: APITime
    let createdBy: String
    /// The signing secret: shown once, in the answer that created the webhook.
    @OmittedWhenNil var secret: String?

    static var schemaName: String { "Webhook" }

    init(_ webhook: Webhook, withSecret: Bool) {
        id = webhook.id
        url = webhook.url
        topics = webhook.topics
        format = webhook.format
        createdAt = APITime(webhook.createdAt)
        createdBy = webhook.createdBy
        secret = withSecret ? webhook.secret : nil
    }
}

/// A new subscription; topics and format are checked as the web form checks them.
struct WebhookRequest: APIModel {
    let url: String
    let topics: [String]
    let format: String?

    static var fieldSchemas: [String: JSONValue] {
        ["url": ["format": "uri"], "topics": ["items": WebhookTopic.schema], "format": SchemaReader.nullable(WebhookFormat.schema)]
    }
}

/// One event sent to a webhook, with every attempt.
struct DeliveryDTO: APIModel {
    struct Attempt: Codable, Sendable {
        let at: APITime
        let statusCode: Int?
        let error: String?
        let durationMs: Double
    }

    let id: String
    let topic: WebhookTopic
    let status: DeliveryStatus
    let attempts: [Attempt]
    let nextAttemptAt: APITime?
    let createdAt: APITime
    let deliveredAt: APITime?

    static var schemaName: String { "Delivery" }

    init(_ delivery: WebhookDelivery, attempts: [WebhookAttempt]) {
        id = delivery.deliveryId
        topic = delivery.topic
        status = delivery.status
        self.attempts = attempts.map {
            Attempt(
                at: APITime($0.attemptedAt), statusCode: $0.statusCode, error: $0.error,
                durationMs: ($0.durationMilliseconds * 10).rounded() / 10)
        }
        nextAttemptAt = DeliveryStatus.due.contains(delivery.status) ? APITime(delivery.nextAttemptAt) : nil
        createdAt = APITime(delivery.createdAt)
        deliveredAt = APITime(delivery.deliveredAt)
    }
}
