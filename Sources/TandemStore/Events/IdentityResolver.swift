import Foundation
import SQLKit
import TandemCore

/// Ties anonymous visitors and app user ids to leads, and moves a visitor's earlier events
/// onto the lead once the person is known.
struct IdentityResolver {
    /// Leads whose traits or history change here owe their scores to this unit of work.
    let tx: UnitOfWork
    private var db: any SQLDatabase { tx.db }

    struct Known {
        var byUserId: [String: Lead.ID] = [:]
        var byAnonymousId: [String: Lead.ID] = [:]
    }

    /// The leads already known for these ids.
    func leads(userIds: Set<String>, anonymousIds: Set<String>) async throws -> Known {
        var known = Known()
        guard !userIds.isEmpty || !anonymousIds.isEmpty else { return known }
        let rows = try await db.select().columns("kind", "value", "lead_id").from("identities")
            .where { group in
                if !userIds.isEmpty {
                    group.orWhere { inner in
                        inner.where("kind", .equal, SQLBind("user")).where("value", .in, SQLBind.group(Array(userIds)))
                    }
                }
                if !anonymousIds.isEmpty {
                    group.orWhere { inner in
                        inner.where("kind", .equal, SQLBind("anonymous")).where("value", .in, SQLBind.group(Array(anonymousIds)))
                    }
                }
                return group
            }.all()
        for row in rows {
            let value = try row.decode(column: "value", as: String.self)
            let leadId = try row.leadID()
            if try row.decode(column: "kind", as: String.self) == "user" {
                known.byUserId[value] = leadId
            } else {
                known.byAnonymousId[value] = leadId
            }
        }
        // A lead created by the API or an import may carry a user id that no identify has named yet.
        let unresolved = userIds.filter { known.byUserId[$0] == nil }
        if !unresolved.isEmpty {
            let leads = try await db.select().columns("id", "user_id").from("leads")
                .where("user_id", .in, SQLBind.group(Array(unresolved))).all()
            for row in leads {
                known.byUserId[try row.decode(column: "user_id", as: String.self)] = try row.leadID("id")
            }
        }
        return known
    }

    /// Identifies and aliases whose change was refused, for the caller to record.
    private(set) var conflicts: [ValidationError] = []

    /// An identify: create or update the lead from its traits, then join its ids to it.
    /// - Returns: the traits left out because the lead holds the most attributes it may.
    @discardableResult
    mutating func identify(_ message: TrackingMessage, input: LeadInput?) async throws -> [ValidationError] {
        var input = input ?? LeadInput(userId: message.userId)
        input.userId = input.userId ?? message.userId
        var leadId: Lead.ID?
        var refused: [ValidationError] = []
        if input.hasIdentity {
            let writer = LeadWriter(in: tx, at: message.receivedAt)
            switch try await writer.apply([input]).first {
            case .success(let write)?:
                leadId = write.lead.id
            case .failure(let error)?:
                // The traits name a person another lead already is (or a move the lifecycle
                // refuses): the event stays stored, the identify's change is dropped, and why
                // is kept with the refused messages.
                conflicts.append(error)
            case nil:
                break
            }
            refused = writer.notes.refusedAttributes
        }
        if leadId == nil, let anonymousId = message.anonymousId {
            leadId = try await leads(userIds: [], anonymousIds: [anonymousId]).byAnonymousId[anonymousId]
        }
        guard let leadId else { return refused }
        try await link(
            leadId: leadId, userId: message.userId, anonymousIds: [message.anonymousId].compactMap { $0 }, at: message.receivedAt)
        return refused
    }

    /// An alias: `previousId` (an anonymous id or an old user id) is the same person as `userId`.
    mutating func alias(_ message: TrackingMessage) async throws {
        guard let userId = message.userId, let previousId = message.targetId else { return }
        var leadId = try await leads(userIds: [userId], anonymousIds: []).byUserId[userId]
        if leadId == nil {
            switch try await LeadWriter(in: tx, at: message.receivedAt).apply([LeadInput(userId: userId)]).first {
            case .success(let write)?: leadId = write.lead.id
            case .failure(let error)?: conflicts.append(error)
            case nil: break
            }
        }
        guard let leadId else { return }
        try await link(leadId: leadId, userId: userId, anonymousIds: [previousId], at: message.receivedAt)
        // The previous id may have been a user id: attach its events too.
        try await attach(leadId: leadId, userIds: [previousId], anonymousIds: [])
    }

    /// A group: the account named by `groupId`, joined by the lead of `userId` when known.
    func group(_ message: TrackingMessage) async throws {
        guard let groupId = message.targetId else { return }
        let known = try await leads(
            userIds: Set([message.userId].compactMap { $0 }), anonymousIds: Set([message.anonymousId].compactMap { $0 }))
        let leadId = message.userId.flatMap { known.byUserId[$0] } ?? message.anonymousId.flatMap { known.byAnonymousId[$0] }
        var memberAccountId: Account.ID?
        if let leadId {
            memberAccountId = try await db.select().column("account_id").from("leads").where("id", .equal, SQLBind(leadId)).first()
                .flatMap { try $0.decode(column: "account_id", as: Account.ID?.self) }
        }
        let accountId = try await AccountWriter(db: db, now: message.receivedAt)
            .upsertGroup(externalId: groupId, traits: message.traits, memberAccountId: memberAccountId)
        if let leadId, memberAccountId != accountId {
            tx.scores.refresh.insert(leadId)
            tx.scores.written[leadId] = nil  // its account changed after it was written: read it again
            try await db.update("leads").set("account_id", to: SQLBind(accountId)).set("updated_at", to: SQLBind(message.receivedAt))
                .where("id", .equal, SQLBind(leadId)).run()
        }
    }

    private func link(leadId: Lead.ID, userId: String?, anonymousIds: [String], at now: Double) async throws {
        var insert = db.insert(into: "identities").columns("kind", "value", "lead_id", "created_at")
        var any = false
        if let userId {
            insert = insert.values(SQLBind("user"), SQLBind(userId), SQLBind(leadId), SQLBind(now))
            any = true
        }
        for anonymousId in anonymousIds {
            insert = insert.values(SQLBind("anonymous"), SQLBind(anonymousId), SQLBind(leadId), SQLBind(now))
            any = true
        }
        guard any else { return }
        try await insert.ignoringConflicts(with: ["kind", "value"]).run()
        try await attach(leadId: leadId, userIds: [userId].compactMap { $0 }, anonymousIds: anonymousIds)
    }

    /// Moves the not-yet-attributed events of these ids onto the lead.
    private func attach(leadId: Lead.ID, userIds: [String], anonymousIds: [String]) async throws {
        for (column, values) in [("user_id", userIds), ("anonymous_id", anonymousIds)] where !values.isEmpty {
            let attached = try await db.update("events").set("lead_id", to: SQLBind(leadId))
                .where("lead_id", .is, SQLLiteral.null)
                .where(SQLColumn(column), .in, SQLBind.group(values)).returning("id").all()
            // A visitor's earlier events now count for the lead: its score is replayed.
            if !attached.isEmpty { tx.scores.replay.insert(leadId) }
        }
    }
}
