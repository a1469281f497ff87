import Foundation
import SQLKit
import TandemCore

/// Lifecycle events, appended in the same transaction as the change they announce, so a
/// webhook is sent for exactly the changes that were committed.
enum Outbox {
    /// Appends the event and, for each active webhook subscribed to its topic, a pending
    /// delivery: the delivery service needs nothing else to send it.
    static func append(_ topic: String, leadId: Int64?, payload: JSONValue, at: Double, on db: any SQLDatabase) async throws {
        let id = try await db.insert(into: "outbox").columns("topic", "lead_id", "payload", "created_at")
            .values(SQLBind(topic), SQLBind(leadId), SQLBind(payload.jsonText), SQLBind(at)).returning("id").requiredRow("an outbox event")
            .decode(column: "id", as: Int64.self)
        let webhooks = try await db.select().columns("id", "topics").from("webhooks").where("active", .equal, SQLBind(true)).all()
        var deliveries = db.insert(into: "webhook_deliveries")
            .columns("delivery_id", "webhook_id", "outbox_id", "topic", "status", "next_attempt_at", "created_at")
        var any = false
        for webhook in webhooks {
            let topics = try webhook.decode(column: "topics", as: String.self).split(separator: ",").map(String.init)
            guard topics.contains(topic) else { continue }
            deliveries = deliveries.values(
                SQLBind(UUID().uuidString.lowercased()), SQLBind(try webhook.decode(column: "id", as: Int64.self)), SQLBind(id),
                SQLBind(topic),
                SQLBind("pending"), SQLBind(at), SQLBind(at))
            any = true
        }
        if any { try await deliveries.run() }
    }
}

/// A lifecycle event as stored in the outbox.
public struct OutboxEvent: Sendable, Hashable {
    public let id: Int64
    public let topic: String
    public let leadId: Int64?
    public let payload: String
    public let createdAt: Double
}

/// Reads the outbox in order, for delivery and for tests.
public struct OutboxReader: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func events(afterId: Int64 = 0, limit: Int = 500) async throws -> [OutboxEvent] {
        try await database.read { db in
            try await db.select().columns("id", "topic", "lead_id", "payload", "created_at").from("outbox")
                .where("id", .greaterThan, SQLBind(afterId)).orderBy("id").limit(limit).all().map { row in
                    OutboxEvent(
                        id: try row.decode(column: "id", as: Int64.self), topic: try row.decode(column: "topic", as: String.self),
                        leadId: try row.decode(column: "lead_id", as: Int64?.self),
                        payload: try row.decode(column: "payload", as: String.self),
                        createdAt: try row.decode(column: "created_at", as: Double.self))
                }
        }
    }
}
