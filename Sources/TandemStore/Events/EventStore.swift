import Foundation
import SQLKit
import TandemCore

/// Stores tracking messages and answers event queries.
///
/// Ingest is set-based: a batch of 100 messages costs one identity lookup and one multi-row
/// insert, whose `ON CONFLICT (message_id) DO NOTHING` makes a retried message a no-op.
public struct EventStore: Sendable {
    let database: Database

    /// The columns an ingest writes, in order (benchmarks insert the same).
    public static var insertColumnNames: [String] { insertColumns }

    static let insertColumns = [
        "message_id", "type", "name", "lead_id", "user_id", "anonymous_id", "occurred_at", "received_at", "url",
        "campaign_name", "campaign_source", "campaign_medium", "campaign_term", "campaign_content", "properties",
        "context", "write_key_id",
    ]

    /// Stores `messages` in one transaction and applies what identify, alias and group say
    /// about people and accounts. `leadInputs` holds, by index, the validated traits of each
    /// identify message.
    public func ingest(
        _ messages: [TrackingMessage], leadInputs: [Int: LeadInput] = [:], writeKeyId: APIKey.ID?, deferReplays: Bool = false
    ) async throws -> IngestSummary {
        guard !messages.isEmpty else { return IngestSummary() }
        // Serialised before the transaction: the single SQLite writer should hold its lock for
        // storage work only.
        let jsonColumns = messages.map { message in
            (properties: JSONValue.object(Self.storedProperties(message)).jsonText, context: JSONValue.object(message.context).jsonText)
        }
        return try await database.ingestQueue.submit(
            messages, jsonColumns: jsonColumns, leadInputs: leadInputs, writeKeyId: writeKeyId, deferReplays: deferReplays,
            database: database)
    }

    /// Stores one batch in `tx`; its scores are settled with the unit of work.
    static func ingest(
        _ messages: [TrackingMessage], jsonColumns: [(properties: String, context: String)], leadInputs: [Int: LeadInput],
        writeKeyId: APIKey.ID?, in tx: UnitOfWork
    ) async throws -> IngestSummary {
        let db = tx.db
        var summary = IngestSummary()
        var leadIds: [String: Lead.ID] = [:]
        var resolver = IdentityResolver(tx: tx)
        let known = try await resolver.leads(
            userIds: Set(messages.compactMap(\.userId)), anonymousIds: Set(messages.compactMap(\.anonymousId)))
        // A messageId repeated inside the batch is one message: only its first copy is stored,
        // scored and applied; the later copies are duplicates, like retries.
        var firstCopies: [Int] = []
        var seenIds: Set<String> = []
        for (index, message) in messages.enumerated() where seenIds.insert(message.messageId).inserted {
            firstCopies.append(index)
        }
        var inserted: Set<String> = []
        var stored: Set<Int> = []
        var start = 0
        while start < firstCopies.count {
            let chunk = firstCopies[start..<min(start + 500, firstCopies.count)]
            var query = db.insert(into: "events").columns(insertColumns)
            for index in chunk {
                let message = messages[index]
                let leadId = message.userId.flatMap { known.byUserId[$0] } ?? message.anonymousId.flatMap { known.byAnonymousId[$0] }
                if let leadId { leadIds[message.messageId] = leadId }
                query = query.values(
                    SQLBind(message.messageId), SQLBind(message.type.rawValue), SQLBind(message.eventName), SQLBind(leadId),
                    SQLBind(message.userId), SQLBind(message.anonymousId), SQLBind(message.timestamp), SQLBind(message.receivedAt),
                    SQLBind(message.url), SQLBind(message.campaign.name), SQLBind(message.campaign.source),
                    SQLBind(message.campaign.medium), SQLBind(message.campaign.term), SQLBind(message.campaign.content),
                    SQLBind(jsonColumns[index].properties), SQLBind(jsonColumns[index].context), SQLBind(writeKeyId))
            }
            let rows = try await query.ignoringConflicts(with: ["message_id"]).returning("id", "message_id").all()
            var ids: [String: Int64] = [:]
            for row in rows {
                let messageId = try row.decode(column: "message_id", as: String.self)
                inserted.insert(messageId)
                ids[messageId] = try row.decode(column: "id", as: Int64.self)
            }
            for index in chunk {
                let message = messages[index]
                guard let id = ids[message.messageId] else { continue }
                stored.insert(index)
                guard let leadId = leadIds[message.messageId] else { continue }
                tx.scores.events[leadId, default: []].append(
                    ScoringEvent(
                        id: id, type: message.type, name: message.eventName, occurredAt: message.timestamp, url: message.url,
                        campaign: message.campaign, properties: message.properties))
            }
            start += chunk.count
        }
        summary.stored = inserted.count
        summary.duplicates = messages.count - inserted.count

        for (index, message) in messages.enumerated() where message.type != .track && message.type != .page && message.type != .screen {
            guard stored.contains(index) else { continue }
            switch message.type {
            case .identify:
                let conflicts = resolver.conflicts.count
                let refused = try await resolver.identify(message, input: leadInputs[index])
                summary.refusedTraits += refused.map { MessageRejection(index: index, error: $0) }
                summary.identityConflicts += resolver.conflicts.dropFirst(conflicts).map { MessageRejection(index: index, error: $0) }
            case .alias:
                let conflicts = resolver.conflicts.count
                try await resolver.alias(message)
                summary.identityConflicts += resolver.conflicts.dropFirst(conflicts).map { MessageRejection(index: index, error: $0) }
            case .group:
                try await resolver.group(message)
            default:
                break
            }
        }
        return summary
    }

    /// What the `properties` column keeps: an identify's or group's traits, a page's name
    /// among its properties (as analytics.js sends it), else the properties as sent.
    static func storedProperties(_ message: TrackingMessage) -> [String: JSONValue] {
        switch message.type {
        case .identify, .group:
            return message.traits
        case .page, .screen:
            var properties = message.properties
            if properties["name"] == nil, let name = message.name { properties["name"] = .string(name) }
            return properties
        case .track, .alias:
            return message.properties
        }
    }

    /// Events matching `filter`, in id order (or newest first).
    public func query(_ filter: EventFilter) async throws -> [StoredEvent] {
        try await database.read { db in
            var query = db.select().columns(
                "id", "message_id", "type", "name", "lead_id", "user_id", "anonymous_id", "occurred_at", "received_at",
                "url", "campaign_name", "campaign_source", "campaign_medium", "campaign_term", "campaign_content",
                "properties", "context"
            ).from("events")
            if let leadId = filter.leadId { query = query.where("lead_id", .equal, SQLBind(leadId)) }
            if let userId = filter.userId { query = query.where("user_id", .equal, SQLBind(userId)) }
            if let anonymousId = filter.anonymousId { query = query.where("anonymous_id", .equal, SQLBind(anonymousId)) }
            if let type = filter.type { query = query.where("type", .equal, SQLBind(type.rawValue)) }
            if let name = filter.name { query = query.where("name", .equal, SQLBind(name)) }
            if let campaign = filter.campaign { query = query.where("campaign_name", .equal, SQLBind(campaign)) }
            if let messageId = filter.messageId { query = query.where("message_id", .equal, SQLBind(messageId)) }
            if let since = filter.since { query = query.where("occurred_at", .greaterThanOrEqual, SQLBind(since)) }
            if let until = filter.until { query = query.where("occurred_at", .lessThan, SQLBind(until)) }
            if let afterId = filter.afterId { query = query.where("id", .greaterThan, SQLBind(afterId)) }
            if filter.newestFirst {
                query = query.orderBy("occurred_at", .descending).orderBy("id", .descending)
            } else {
                query = query.orderBy("id")
            }
            return try await query.limit(min(max(filter.limit, 1), 1000)).all().map(Self.decode)
        }
    }

    /// Every event in id order, a page at a time (constant memory for exports).
    public func forEachPage(pageSize: Int = 1000, _ body: ([StoredEvent]) async throws -> Void) async throws {
        try await EventFilter().forEachPage(pageSize: pageSize, fetch: query, id: \.id, body)
    }

    static func decode(_ row: any SQLRow) throws -> StoredEvent {
        func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        return StoredEvent(
            id: try row.id(), messageId: try row.decode(column: "message_id", as: String.self),
            type: MessageType(rawValue: try row.decode(column: "type", as: String.self)) ?? .track,
            name: try row.decode(column: "name", as: String.self), leadId: try row.optionalLeadID(),
            userId: try text("user_id"), anonymousId: try text("anonymous_id"),
            occurredAt: try row.decode(column: "occurred_at", as: Double.self),
            receivedAt: try row.decode(column: "received_at", as: Double.self), url: try text("url"),
            campaign: CampaignTouch(
                name: try text("campaign_name"), source: try text("campaign_source"), medium: try text("campaign_medium"),
                term: try text("campaign_term"), content: try text("campaign_content")),
            // Both columns hold JSON that ingest wrote; an unreadable one shows as empty rather
            // than hiding the event.
            properties: JSONValue.parseIfValid(try row.decode(column: "properties", as: String.self))?.objectValue ?? [:],
            context: JSONValue.parseIfValid(try row.decode(column: "context", as: String.self))?.objectValue ?? [:])
    }

    // MARK: - Rejected messages

    /// Keeps refused messages with their reasons.
    public func recordRejected(_ rejected: [RejectedMessage]) async throws {
        guard !rejected.isEmpty else { return }
        try await database.write { db in
            var query = db.insert(into: "rejected_messages")
                .columns("received_at", "write_key_id", "batch_index", "code", "field", "reason", "payload")
            for message in rejected {
                query = query.values(
                    SQLBind(message.receivedAt), SQLBind(message.writeKeyId), SQLBind(message.index.map(Int64.init)),
                    SQLBind(message.code), SQLBind(message.field), SQLBind(message.reason), SQLBind(message.payload))
            }
            try await query.run()
        }
    }

    /// Refused messages, newest first, before the cursor `beforeId`.
    public func rejected(beforeId: Int64?, limit: Int) async throws -> [RejectedMessage] {
        try await database.read { db in
            var query = db.select().columns("id", "received_at", "write_key_id", "batch_index", "code", "field", "reason", "payload")
                .from("rejected_messages")
            if let beforeId { query = query.where("id", .lessThan, SQLBind(beforeId)) }
            return try await query.orderBy("id", .descending).limit(min(max(limit, 1), 1000)).all().map { row in
                RejectedMessage(
                    id: try row.decode(column: "id", as: Int64.self), receivedAt: try row.decode(column: "received_at", as: Double.self),
                    writeKeyId: try row.optionalID("write_key_id", of: APIKey.self),
                    index: try row.decode(column: "batch_index", as: Int64?.self).map(Int.init),
                    code: try row.decode(column: "code", as: String.self), field: try row.decode(column: "field", as: String?.self),
                    reason: try row.decode(column: "reason", as: String.self), payload: try row.decode(column: "payload", as: String.self))
            }
        }
    }
}
