import Foundation
import SQLKit
import TandemCore

/// A lead as written, and whether this write created it.
public struct LeadWrite: Sendable, Hashable {
    public let lead: Lead
    public let created: Bool
}

/// What a write left out, for the caller to report.
final class WriteNotes {
    var refusedAttributes: [ValidationError] = []
}

/// Writes lead inputs inside the caller's transaction, in chunks of set-based statements, so
/// importing 100,000 rows costs a few hundred statements, not a few hundred thousand.
///
/// Shared by the REST API, imports and `identify`, so all three match people, join accounts
/// and record stage changes the same way.
/// Stage changes go to `LeadLifecycle`, scores owed to the unit of work.
struct LeadWriter {
    enum Mode {
        /// Create new leads, update the ones that exist (matched by userId, then email).
        case upsert
        /// Refuse inputs whose email or userId already belongs to a lead.
        case createOnly
    }

    let tx: UnitOfWork
    /// The time stamped on the leads and their stage changes: the unit of work's, or a
    /// message's own receipt time.
    let now: Double
    var mode: Mode = .upsert
    var defaultStage: LifecycleStage = .lead
    /// Attributes left out because their lead holds the most it may keep.
    let notes = WriteNotes()
    static let chunkSize = 500

    /// A writer in `tx`, acting as the unit of work's actor, at its time or at `time`.
    init(in tx: UnitOfWork, at time: Double? = nil, mode: Mode = .upsert) {
        self.tx = tx
        self.now = time ?? tx.now
        self.mode = mode
    }

    private var db: any SQLDatabase { tx.db }
    private var actor: StageActor { tx.actor }

    /// One result per input, in order.
    func apply(_ inputs: [LeadInput]) async throws -> [Result<LeadWrite, ValidationError>] {
        var results: [Result<LeadWrite, ValidationError>] = []
        results.reserveCapacity(inputs.count)
        var chunk: [LeadInput] = []
        var keys: Set<String> = []
        for input in inputs {
            let inputKeys = Self.identityKeys(input)
            if chunk.count >= Self.chunkSize || !keys.isDisjoint(with: inputKeys) {
                results += try await applyChunk(chunk)
                chunk.removeAll(keepingCapacity: true)
                keys.removeAll(keepingCapacity: true)
            }
            chunk.append(input)
            keys.formUnion(inputKeys)
        }
        if !chunk.isEmpty { results += try await applyChunk(chunk) }
        return results
    }

    private static func identityKeys(_ input: LeadInput) -> Set<String> {
        var keys: Set<String> = []
        if let email = input.email { keys.insert("e:" + email.normalized) }
        if let userId = input.userId { keys.insert("u:" + userId) }
        return keys
    }

    private func applyChunk(_ inputs: [LeadInput]) async throws -> [Result<LeadWrite, ValidationError>] {
        let existing = try await findExisting(inputs)
        let accounts = try await ensureAccounts(inputs, existing: existing)
        var results = [Result<LeadWrite, ValidationError>?](repeating: nil, count: inputs.count)
        var inserts: [(index: Int, lead: Lead)] = []
        var updates: [Lead] = []
        var changes: [(index: Int, change: StageChange)] = []

        for (index, input) in inputs.enumerated() {
            guard input.hasIdentity else {
                results[index] = .failure(
                    ValidationError(code: "missing_field", field: "email", message: "a lead needs an email or a user_id"))
                continue
            }
            let byUser = input.userId.flatMap { existing.byUserId[$0] }
            let byEmail = input.email.flatMap { existing.byEmail[$0.normalized] }
            // Conflicts name the field, never the other lead: the writer may not be allowed to see it.
            if let byUser, let byEmail, byUser.id != byEmail.id {
                results[index] = .failure(ValidationError(LeadConflict.emailTaken(input.email?.value ?? "")))
                continue
            }
            if let current = byUser ?? byEmail {
                if mode == .createOnly {
                    let field = byUser != nil ? "user_id" : "email"
                    results[index] = .failure(ValidationError(LeadConflict.exists(field: field)))
                    continue
                }
                do {
                    let (updated, change) = try merge(input, into: current, accounts: accounts)
                    if updated != current { updates.append(updated) }
                    if let change { changes.append((index, change)) }
                    results[index] = .success(LeadWrite(lead: updated, created: false))
                } catch let error as ValidationError {
                    results[index] = .failure(error)
                }
            } else {
                let stage = input.stage ?? defaultStage
                var lead = Lead(
                    id: 0, email: input.email?.value, userId: input.userId, stage: stage,
                    accountId: input.email?.accountDomain.flatMap { accounts[$0] }, createdAt: now, updatedAt: now)
                apply(input, to: &lead)
                inserts.append((index, lead))
                changes.append((index, StageChange(from: nil, to: stage, at: now, actor: actor, reason: input.stageReason)))
            }
        }

        try await update(updates)
        if !inserts.isEmpty {
            let ids = try await insert(inserts.map(\.lead))
            for (index, lead) in inserts {
                var stored = lead
                stored.id = ids[Self.key(lead)] ?? 0
                results[index] = .success(LeadWrite(lead: stored, created: true))
            }
        }
        try await LeadLifecycle.record(
            changes.compactMap { index, change in
                guard case .success(let write)? = results[index] else { return nil }
                return move(write.lead, change)
            }, in: tx)
        try await attachEvents(userIds: inserts.compactMap(\.lead.userId) + updates.compactMap(\.userId))
        for case .success(let write)? in results { tx.scores.wrote(write) }
        return try results.map { result in
            guard let result else { throw DatabaseError.missingRow("a lead of the batch") }
            return result
        }
    }

    private static func key(_ lead: Lead) -> String {
        lead.email.map { "e:" + $0.lowercased() } ?? "u:" + (lead.userId ?? "")
    }

    /// Changes one known lead, for callers that name the lead by id (its email may change).
    func update(_ current: Lead, with input: LeadInput) async throws -> Lead {
        if let email = input.email, email.normalized != current.email?.lowercased(),
            try await db.select().column("id").from("leads").where("email_normalized", .equal, SQLBind(email.normalized)).first() != nil
        {
            throw ValidationError(LeadConflict.emailTaken(email.value))
        }
        if let userId = input.userId, userId != current.userId,
            try await db.select().column("id").from("leads").where("user_id", .equal, SQLBind(userId)).first() != nil
        {
            throw ValidationError(LeadConflict.userIdTaken(userId))
        }
        var existing = Existing()
        if current.accountId != nil, let email = input.email { existing.byEmail[email.normalized] = current }
        let accounts = try await ensureAccounts([input], existing: existing)
        let (updated, change) = try merge(input, into: current, accounts: accounts)
        if updated != current { try await update([updated]) }
        if let change { try await LeadLifecycle.record([move(updated, change)], in: tx) }
        if let userId = updated.userId, userId != current.userId { try await attachEvents(userIds: [userId]) }
        tx.scores.refresh.insert(current.id)
        return updated
    }

    // MARK: - Matching

    private struct Existing {
        var byEmail: [String: Lead] = [:]
        var byUserId: [String: Lead] = [:]
    }

    private func findExisting(_ inputs: [LeadInput]) async throws -> Existing {
        let emails = inputs.compactMap { $0.email?.normalized }
        let userIds = inputs.compactMap(\.userId)
        var existing = Existing()
        guard !emails.isEmpty || !userIds.isEmpty else { return existing }
        let rows = try await db.select().columns(LeadRow.columns.map { SQLColumn($0) }).from("leads")
            .where { group in
                if !emails.isEmpty { group.orWhere("email_normalized", .in, SQLBind.group(emails)) }
                if !userIds.isEmpty { group.orWhere("user_id", .in, SQLBind.group(userIds)) }
                return group
            }
            .all()
        for row in rows {
            let lead = try LeadRow.decode(row)
            if let email = lead.email { existing.byEmail[email.lowercased()] = lead }
            if let userId = lead.userId { existing.byUserId[userId] = lead }
        }
        return existing
    }

    /// Creates the accounts that the inputs' email domains call for and returns domain → id.
    private func ensureAccounts(_ inputs: [LeadInput], existing: Existing) async throws -> [String: Account.ID] {
        var names: [String: String] = [:]
        for input in inputs {
            guard let email = input.email, let domain = email.accountDomain else { continue }
            if let lead = existing.byEmail[email.normalized], lead.accountId != nil { continue }
            if names[domain] == nil { names[domain] = (input.fields[.company] ?? nil) ?? domain }
        }
        return try await AccountWriter(db: db, now: now).ensure(domains: names)
    }

    private func move(_ lead: Lead, _ change: StageChange) -> StageMove {
        StageMove(lead: lead, from: change.from, actor: change.actor, reason: change.reason, at: change.at)
    }

    // MARK: - Changing

    private func merge(_ input: LeadInput, into current: Lead, accounts: [String: Account.ID]) throws -> (Lead, StageChange?) {
        var lead = current
        if let email = input.email { lead.email = email.value }
        if let userId = input.userId { lead.userId = userId }
        if lead.accountId == nil, let domain = input.email?.accountDomain { lead.accountId = accounts[domain] }
        apply(input, to: &lead)
        var change: StageChange?
        if let stage = input.stage, stage != current.stage {
            if let refusal = StageTransitions.check(from: current.stage, to: stage, actor: actor, reason: input.stageReason) {
                throw refusal
            }
            lead.stage = stage
            change = StageChange(from: current.stage, to: stage, at: now, actor: actor, reason: input.stageReason)
        }
        if lead != current { lead.updatedAt = now }
        return (lead, change)
    }

    private func apply(_ input: LeadInput, to lead: inout Lead) {
        for (field, value) in input.fields {
            switch field {
            case .firstName: lead.firstName = value
            case .lastName: lead.lastName = value
            case .title: lead.title = value
            case .company: lead.company = value
            case .phone: lead.phone = value
            case .country: lead.country = value
            case .industry: lead.industry = value
            case .source: lead.source = value
            case .owner: lead.owner = value
            case .email, .userId, .companySize, .stage: break
            }
        }
        if let size = input.companySize { lead.companySize = size }
        for (name, value) in input.attributes.sorted(by: { $0.key < $1.key }) {
            if value.isNull {
                lead.attributes[name] = nil
            } else if lead.attributes[name] != nil || lead.attributes.count < AttributeLimits.maxKeysPerLead {
                lead.attributes[name] = value
            } else {
                notes.refusedAttributes.append(
                    ValidationError(
                        code: "trait_refused", field: "traits.\(name.prefix(100))",
                        message: "the lead has \(AttributeLimits.maxKeysPerLead) attributes already, the most it may keep"))
            }
        }
    }

    private func values(_ lead: Lead) -> [any Encodable & Sendable] {
        [
            lead.email, lead.email?.lowercased(), lead.userId, lead.firstName, lead.lastName, lead.title, lead.company,
            lead.phone, lead.country, lead.industry, lead.companySize.map(Int64.init), lead.source, lead.owner,
            lead.stage.rawValue, lead.accountId, JSONValue.object(lead.attributes).jsonText, lead.createdAt, lead.updatedAt,
        ]
    }

    private static let writableColumns = [
        "email", "email_normalized", "user_id", "first_name", "last_name", "title", "company", "phone", "country",
        "industry", "company_size", "source", "owner", "stage", "account_id", "attributes", "created_at", "updated_at",
    ]

    /// Inserts new leads and returns their ids by identity key.
    private func insert(_ leads: [Lead]) async throws -> [String: Lead.ID] {
        var query = db.insert(into: "leads").columns(Self.writableColumns)
        for lead in leads {
            query = query.values(values(lead).map { SQLBind($0) })
        }
        let rows = try await query.returning("id", "email_normalized", "user_id").all()
        var ids: [String: Lead.ID] = [:]
        for row in rows {
            let id = try row.leadID("id")
            if let email = try row.decode(column: "email_normalized", as: String?.self) {
                ids["e:" + email] = id
            } else if let userId = try row.decode(column: "user_id", as: String?.self) {
                ids["u:" + userId] = id
            }
        }
        return ids
    }

    /// Rewrites known leads in one statement: an insert of their full rows whose conflict on
    /// the primary key turns into an update (the same on SQLite and PostgreSQL).
    private func update(_ leads: [Lead]) async throws {
        guard !leads.isEmpty else { return }
        var query = db.insert(into: "leads").columns(["id"] + Self.writableColumns)
        for lead in leads {
            query = query.values([SQLBind(lead.id)] + values(lead).map { SQLBind($0) })
        }
        try await query.onConflict(with: ["id"]) { conflict in
            Self.writableColumns.filter { $0 != "created_at" }.reduce(conflict) { $0.set(excludedValueOf: $1) }
        }.run()
    }

    /// Gives the lead the events its user id sent before the lead existed (or had that id).
    private func attachEvents(userIds: [String]) async throws {
        guard !userIds.isEmpty else { return }
        let attached = try await db.update("events")
            .set("lead_id", to: SQLQueryString("(SELECT leads.id FROM leads WHERE leads.user_id = events.user_id)"))
            .where("lead_id", .is, SQLLiteral.null)
            .where("user_id", .in, SQLBind.group(userIds))
            .returning("lead_id").all()
        // Earlier events now count for these leads: their scores are replayed.
        for row in attached { if let id = try row.optionalLeadID() { tx.scores.replay.insert(id) } }
    }
}
