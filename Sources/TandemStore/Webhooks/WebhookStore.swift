import Crypto
import Foundation
import SQLKit
import TandemCore

/// A webhook subscription.
public struct Webhook: Sendable, Hashable {
    public let id: Int64
    public let url: String
    public let topics: [WebhookTopic]
    public let format: WebhookFormat
    /// The HMAC-SHA256 key receivers verify signatures with.
    public let secret: String
    public let active: Bool
    public let createdAt: Double
    public let createdBy: String
}

/// One delivery of one event to one webhook, with its attempts.
public struct WebhookDelivery: Sendable, Hashable, Decodable, TableRow {
    public let id: Int64
    /// Sent with every attempt, so a receiver can drop the repeats of at-least-once delivery.
    public let deliveryId: String
    public let webhookId: Int64
    public let outboxId: Int64
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
    public let deliveryId: Int64
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

    static let webhookColumns = ["id", "url", "topics", "format", "secret", "active", "created_at", "created_by"]

    public func create(_ input: WebhookInput, by actor: Actor, now: Double) async throws -> Webhook {
        let secret = "whsec_" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined()
        return try await database.write { db in
            let row = try await db.insert(into: "webhooks").columns(
                "url", "topics", "format", "secret", "active", "created_at", "created_by"
            )
            .values(
                SQLBind(input.url), SQLBind(input.topics.map(\.rawValue).joined(separator: ",")), SQLBind(input.format.rawValue),
                SQLBind(secret), SQLBind(true), SQLBind(now), SQLBind(actor.name)
            ).returning(Self.webhookColumns.map { SQLColumn($0) }).requiredRow("a new webhook")
            let webhook = try Self.decodeWebhook(row)
            try await AuditTrail.append(
                actor.entry(
                    "webhook.created", "webhook", String(webhook.id),
                    "webhook to \(input.url) for \(webhook.topics.map(\.rawValue).joined(separator: ", "))"),
                at: now, on: db)
            return webhook
        }
    }

    public func list() async throws -> [Webhook] {
        try await database.read { db in
            try await db.select().columns(Self.webhookColumns.map { SQLColumn($0) }).from("webhooks").where("active", .equal, SQLBind(true))
                .orderBy("id").all().map(Self.decodeWebhook)
        }
    }

    public func get(id: Int64) async throws -> Webhook? {
        try await database.read { db in
            try await db.select().columns(Self.webhookColumns.map { SQLColumn($0) }).from("webhooks").where("id", .equal, SQLBind(id))
                .first().map(Self.decodeWebhook)
        }
    }

    /// Stops a webhook; its pending deliveries are dropped, its log is kept.
    public func deactivate(id: Int64, by actor: Actor, now: Double) async throws -> Bool {
        try await database.write { db in
            let rows = try await db.update("webhooks").set("active", to: SQLBind(false)).where("id", .equal, SQLBind(id))
                .where("active", .equal, SQLBind(true)).returning("url").all()
            guard let url = try rows.first?.decode(column: "url", as: String.self) else { return false }
            try await db.update("webhook_deliveries").set("status", to: SQLBind(DeliveryStatus.cancelled.rawValue)).where(
                "webhook_id", .equal, SQLBind(id)
            )
            .where("status", .in, SQLBind.group(DeliveryStatus.due.map(\.rawValue))).run()
            try await AuditTrail.append(
                actor.entry("webhook.deleted", "webhook", String(id), "stopped the webhook to \(url)"), at: now, on: db)
            return true
        }
    }

    /// A webhook's deliveries, newest first, with their attempts.
    public func deliveries(webhookId: Int64, limit: Int = 50) async throws -> [(delivery: WebhookDelivery, attempts: [WebhookAttempt])] {
        try await database.read { db in
            let deliveries = try await db.select().columns(WebhookDelivery.columns).from("webhook_deliveries")
                .where("webhook_id", .equal, SQLBind(webhookId)).orderBy("id", .descending).limit(limit).all().map(WebhookDelivery.decode)
            guard !deliveries.isEmpty else { return [] }
            var attempts: [Int64: [WebhookAttempt]] = [:]
            for row in try await db.select().columns("delivery_id", "attempted_at", "status_code", "error", "duration_ms")
                .from("webhook_attempts").where("delivery_id", .in, SQLBind.group(deliveries.map(\.id))).orderBy("id").all()
            {
                let attempt = WebhookAttempt(
                    deliveryId: try row.decode(column: "delivery_id", as: Int64.self),
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
            var webhooks: [Int64: Webhook] = [:]
            for webhook in try await db.select().columns(Self.webhookColumns.map { SQLColumn($0) }).from("webhooks")
                .where("id", .in, SQLBind.group(Array(Set(due.map(\.webhookId))))).all().map(Self.decodeWebhook)
            {
                webhooks[webhook.id] = webhook
            }
            var events: [Int64: (String, Double)] = [:]
            for row in try await db.select().columns("id", "payload", "created_at").from("outbox")
                .where("id", .in, SQLBind.group(due.map(\.outboxId))).all()
            {
                events[try row.decode(column: "id", as: Int64.self)] = (
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

    static func decodeWebhook(_ row: any SQLRow) throws -> Webhook {
        Webhook(
            id: try row.decode(column: "id", as: Int64.self), url: try row.decode(column: "url", as: String.self),
            topics: try row.decode(column: "topics", as: String.self).split(separator: ",").compactMap {
                WebhookTopic(rawValue: String($0))
            },
            format: WebhookFormat(rawValue: try row.decode(column: "format", as: String.self)) ?? .json,
            secret: try row.decode(column: "secret", as: String.self), active: try row.decode(column: "active", as: Bool.self),
            createdAt: try row.decode(column: "created_at", as: Double.self),
            createdBy: try row.decode(column: "created_by", as: String.self))
    }

}
