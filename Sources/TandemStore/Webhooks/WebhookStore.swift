import Crypto
import Foundation
import SQLKit
import TandemCore

/// A webhook subscription.
public struct Webhook: Sendable, Hashable, Identifiable, TableRow {
    public typealias ID = EntityID<Webhook>

    public let id: ID
    public let url: String
    public let topics: [WebhookTopic]
    public let format: WebhookFormat
    /// The HMAC-SHA256 key receivers verify signatures with.
    public let secret: String
    public let active: Bool
    public let createdAt: Double
    public let createdBy: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, url, topics, format, secret, active
        case createdAt = "created_at", createdBy = "created_by"
    }

    init(
        id: ID, url: String, topics: [WebhookTopic], format: WebhookFormat, secret: String, active: Bool, createdAt: Double,
        createdBy: String
    ) {
        self.id = id
        self.url = url
        self.topics = topics
        self.format = format
        self.secret = secret
        self.active = active
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// The topics are one comma-separated column; a topic this version does not know is
    /// skipped, so a newer server's subscriptions still load.
    public init(from decoder: any Decoder) throws {
        let row = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try row.decode(ID.self, forKey: .id), url: try row.decode(String.self, forKey: .url),
            topics: try row.decode(String.self, forKey: .topics).split(separator: ",").compactMap { WebhookTopic(rawValue: String($0)) },
            format: try row.decode(WebhookFormat.self, forKey: .format), secret: try row.decode(String.self, forKey: .secret),
            active: try row.decode(Bool.self, forKey: .active), createdAt: try row.decode(Double.self, forKey: .createdAt),
            createdBy: try row.decode(String.self, forKey: .createdBy))
    }
}

/// One delivery of one event to one webhook, with its attempts.
public struct WebhookDelivery: Sendable, Hashable, Identifiable, TableRow {
    public typealias ID = EntityID<WebhookDelivery>

    public let id: ID
    /// Sent with every attempt, so a receiver can drop the repeats of at-least-once delivery.
    public let deliveryId: String
    public let webhookId: Webhook.ID
    public let outboxId: OutboxEvent.ID
    public let topic: WebhookTopic
    public let status: DeliveryStatus
    public let attempts: Int
    public let nextAttemptAt: Double
    public let createdAt: Double
    public let deliveredAt: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, topic, status, attempts
        case deliveryId = "delivery_id", webhookId = "webhook_id", outboxId = "outbox_id", nextAttemptAt = "next_attempt_at"
        case createdAt = "created_at", deliveredAt = "delivered_at"
    }
}

/// One attempt to deliver.
public struct WebhookAttempt: Sendable, Hashable {
    public let deliveryId: WebhookDelivery.ID
    public let attemptedAt: Double
    public let statusCode: Int?
    public let error: String?
    public let durationMilliseconds: Double
}

/// A delivery claimed for sending, with what it needs.
public struct ClaimedDelivery: Sendable {
    public let delivery: WebhookDelivery
    public let webhook: Webhook
    public let payload: String
    public let eventCreatedAt: Double
}

/// Webhook subscriptions, and the bookkeeping of their deliveries.
public struct WebhookStore: Sendable {
    let database: Database

    public func create(_ input: WebhookInput, by actor: Actor, now: Double) async throws -> Webhook {
        let secret = "whsec_" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined()
        return try await database.write { db in
            let row = try await db.insert(into: "webhooks").columns(
                "url", "topics", "format", "secret", "active", "created_at", "created_by"
            )
            .values(
                SQLBind(input.url), SQLBind(input.topics.map(\.rawValue).joined(separator: ",")), SQLBind(input.format.rawValue),
                SQLBind(secret), SQLBind(true), SQLBind(now), SQLBind(actor.name)
            ).returning(Webhook.columns).requiredRow("a new webhook")
            let webhook = try Webhook.decode(row)
            try await AuditTrail.append(
                actor.entry(
                    "webhook.created", "webhook", webhook.id.description,
                    "webhook to \(input.url) for \(webhook.topics.map(\.rawValue).joined(separator: ", "))"),
                at: now, on: db)
            return webhook
        }
    }

    public func list() async throws -> [Webhook] {
        try await database.read { db in
            try await db.select().columns(Webhook.columns).from("webhooks").where("active", .equal, SQLBind(true))
                .orderBy("id").all().map(Webhook.decode)
        }
    }

    public func get(id: Webhook.ID) async throws -> Webhook? {
        try await database.read { db in
            try await db.select().columns(Webhook.columns).from("webhooks").where("id", .equal, SQLBind(id))
                .first().map(Webhook.decode)
        }
    }

    /// Stops a webhook; its pending deliveries are dropped, its log is kept.
    public func deactivate(id: Webhook.ID, by actor: Actor, now: Double) async throws -> Bool {
        try await database.write { db in
            let rows = try await db.update("webhooks").set("active", to: SQLBind(false)).where("id", .equal, SQLBind(id))
                .where("active", .equal, SQLBind(true)).returning("url").all()
            guard let url = try rows.first?.decode(column: "url", as: String.self) else { return false }
            try await db.update("webhook_deliveries").set("status", to: SQLBind(DeliveryStatus.cancelled.rawValue)).where(
                "webhook_id", .equal, SQLBind(id)
            )
            .where("status", .in, SQLBind.group(DeliveryStatus.due.map(\.rawValue))).run()
            try await AuditTrail.append(
                actor.entry("webhook.deleted", "webhook", id.description, "stopped the webhook to \(url)"), at: now, on: db)
            return true
        }
    }

    /// A webhook's deliveries, newest first, with their attempts.
    public func deliveries(webhookId: Webhook.ID, limit: Int = 50) async throws -> [(delivery: WebhookDelivery, attempts: [WebhookAttempt])]
    {
        try await database.read { db in
            let deliveries = try await db.select().columns(WebhookDelivery.columns).from("webhook_deliveries")
                .where("webhook_id", .equal, SQLBind(webhookId)).orderBy("id", .descending).limit(limit).all().map(WebhookDelivery.decode)
            guard !deliveries.isEmpty else { return [] }
            var attempts: [WebhookDelivery.ID: [WebhookAttempt]] = [:]
            for row in try await db.select().columns("delivery_id", "attempted_at", "status_code", "error", "duration_ms")
                .from("webhook_attempts").where("delivery_id", .in, SQLBind.group(deliveries.map(\.id))).orderBy("id").all()
            {
                let attempt = WebhookAttempt(
                    deliveryId: try row.id("delivery_id"),
                    attemptedAt: try row.decode(column: "attempted_at", as: Double.self),
                    statusCode: try row.decode(column: "status_code", as: Int?.self),
                    error: try row.decode(column: "error", as: String?.self),
                    durationMilliseconds: try row.decode(column: "duration_ms", as: Double.self))
                attempts[attempt.deliveryId, default: []].append(attempt)
            }
            return deliveries.map { ($0, attempts[$0.id] ?? []) }
        }
    }

    /// Claims deliveries that are due: each is leased for `lease` seconds, so a server that
    /// dies mid-send lets another retry it (at-least-once), while two live servers never send
    /// the same attempt.
    public func claimDue(now: Double, limit: Int = 20, lease: Double = 60) async throws -> [ClaimedDelivery] {
        // A read first: most seconds nothing is due, and SQLite's single writer stays free.
        let anyDue = try await database.read { db in
            try await db.select().column("id").from("webhook_deliveries").where(
                "status", .in, SQLBind.group(DeliveryStatus.due.map(\.rawValue))
            )
            .where("next_attempt_at", .lessThanOrEqual, SQLBind(now)).limit(1).first() != nil
        }
        guard anyDue else { return [] }
        return try await database.write { db in
            var query = db.select().columns(WebhookDelivery.columns).from("webhook_deliveries")
                .where("status", .in, SQLBind.group(DeliveryStatus.due.map(\.rawValue))).where(
                    "next_attempt_at", .lessThanOrEqual, SQLBind(now)
                )
                .orderBy("next_attempt_at").orderBy("id").limit(limit)
            if database.engine == .postgres { query = query.lockingClause(SQLQueryString("FOR UPDATE SKIP LOCKED")) }
            let due = try await query.all().map(WebhookDelivery.decode)
            guard !due.isEmpty else { return [] }
            try await db.update("webhook_deliveries").set("next_attempt_at", to: SQLBind(now + lease))
                .where("id", .in, SQLBind.group(due.map(\.id))).run()
            var webhooks: [Webhook.ID: Webhook] = [:]
            for webhook in try await db.select().columns(Webhook.columns).from("webhooks")
                .where("id", .in, SQLBind.group(Array(Set(due.map(\.webhookId))))).all().map(Webhook.decode)
            {
                webhooks[webhook.id] = webhook
            }
            var events: [OutboxEvent.ID: (String, Double)] = [:]
            for row in try await db.select().columns("id", "payload", "created_at").from("outbox")
                .where("id", .in, SQLBind.group(due.map(\.outboxId))).all()
            {
                events[try row.id()] = (
                    try row.decode(column: "payload", as: String.self), try row.decode(column: "created_at", as: Double.self)
                )
            }
            return due.compactMap { delivery in
                guard let webhook = webhooks[delivery.webhookId], let event = events[delivery.outboxId] else { return nil }
                return ClaimedDelivery(delivery: delivery, webhook: webhook, payload: event.0, eventCreatedAt: event.1)
            }
        }
    }

    /// Records an attempt: delivered on a 2xx answer, else retried on `schedule` or given up.
    public func record(
        _ delivery: WebhookDelivery, statusCode: Int?, error: String?, durationMilliseconds: Double, now: Double, schedule: RetrySchedule
    ) async throws {
        try await database.write { db in
            try await db.insert(into: "webhook_attempts").columns("delivery_id", "attempted_at", "status_code", "error", "duration_ms")
                .values(SQLBind(delivery.id), SQLBind(now), SQLBind(statusCode), SQLBind(error), SQLBind(durationMilliseconds)).run()
            let attempts = delivery.attempts + 1
            var update = db.update("webhook_deliveries").set("attempts", to: SQLBind(attempts))
            if let statusCode, (200..<300).contains(statusCode) {
                update = update.set("status", to: SQLBind(DeliveryStatus.delivered.rawValue)).set("delivered_at", to: SQLBind(now))
            } else if let delay = schedule.delay(afterAttempts: attempts) {
                update = update.set("status", to: SQLBind(DeliveryStatus.retrying.rawValue)).set(
                    "next_attempt_at", to: SQLBind(now + delay))
            } else {
                update = update.set("status", to: SQLBind(DeliveryStatus.failed.rawValue))
            }
            try await update.where("id", .equal, SQLBind(delivery.id)).run()
        }
    }
}
