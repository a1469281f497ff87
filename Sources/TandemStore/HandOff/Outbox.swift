import Foundation
import SQLKit
import TandemCore

/// Lifecycle events, appended in the same transaction as the change they announce, so a
/// webhook is sent for exactly the changes that were committed.
enum Outbox {
    /// Appends the events in order and, for each active webhook subscribed to an event's topic,
    /// a pending delivery: the delivery service needs nothing else to send it. Only a unit of
    /// work calls this, when it settles.
    static func append(_ events: [(event: LifecycleEvent, at: Double)], on db: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        var subscribers: [(id: Webhook.ID, topics: Set<WebhookTopic>)] = []
        for webhook in try await db.select().columns("id", "topics").from("webhooks").where("active", .equal, SQLBind(true)).all() {
            let topics = try webhook.decode(column: "topics", as: String.self).split(separator: ",").compactMap {
                WebhookTopic(rawValue: String($0))
            }
            subscribers.append((try webhook.id(), Set(topics)))
        }
        var deliveries = db.insert(into: "webhook_deliveries")
            .columns("delivery_id", "webhook_id", "outbox_id", "topic", "status", "next_attempt_at", "created_at")
        var any = false
        for (event, at) in events {
            let id = try await db.insert(into: "outbox").columns("topic", "lead_id", "payload", "created_at")
                .values(SQLBind(event.topic.rawValue), SQLBind(event.leadId), SQLBind(event.payload.jsonText), SQLBind(at))
                .returning("id").requiredRow("an outbox event").id(of: OutboxEvent.self)
            for webhook in subscribers where webhook.topics.contains(event.topic) {
                deliveries = deliveries.values(
                    SQLBind(UUID().uuidString.lowercased()), SQLBind(webhook.id), SQLBind(id), SQLBind(event.topic.rawValue),
                    SQLBind(DeliveryStatus.pending.rawValue), SQLBind(at), SQLBind(at))
                any = true
            }
        }
        if any { try await deliveries.run() }
    }
}

/// A lifecycle event as stored in the outbox.
public struct OutboxEvent: Sendable, Hashable, Identifiable, TableRow {
    public typealias ID = EntityID<OutboxEvent>

    public let id: ID
    public let topic: WebhookTopic
    public let leadId: Lead.ID?
    public let payload: String
    public let createdAt: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, topic, payload
        case leadId = "lead_id", createdAt = "created_at"
    }
}

/// Reads the outbox in order, for delivery and for tests.
public struct OutboxReader: Sendable {
    let database: Database

    public func events(afterId: OutboxEvent.ID = 0, limit: Int = 500) async throws -> [OutboxEvent] {
        try await database.read { db in
            try await db.select().columns(OutboxEvent.columns).from("outbox")
                .where("id", .greaterThan, SQLBind(afterId)).orderBy("id").limit(limit).all().map(OutboxEvent.decode)
        }
    }
}
