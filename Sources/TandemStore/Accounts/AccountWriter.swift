import Foundation
import SQLKit
import TandemCore

/// Creates accounts inside the caller's transaction.
struct AccountWriter {
    let db: any SQLDatabase
    let now: Double

    /// Makes sure an account exists for each domain (named as given when new); returns domain → id.
    func ensure(domains names: [String: String]) async throws -> [String: Account.ID] {
        guard !names.isEmpty else { return [:] }
        let domains = names.keys.sorted()
        var insert = db.insert(into: "accounts").columns("domain", "name", "created_at", "updated_at")
        for domain in domains {
            insert = insert.values(SQLBind(domain), SQLBind(names[domain] ?? domain), SQLBind(now), SQLBind(now))
        }
        try await insert.ignoringConflicts(with: ["domain"]).run()
        let rows = try await db.select().columns("id", "domain").from("accounts")
            .where("domain", .in, SQLBind.group(domains)).all()
        var ids: [String: Account.ID] = [:]
        for row in rows {
            ids[try row.decode(column: "domain", as: String.self)] = try row.decode(column: "id", as: Account.ID.self)
        }
        return ids
    }

    /// The account a `group` call names, created or updated from its traits; returns its id.
    /// - Parameter memberAccountId: the account the grouped lead already belongs to (by its
    ///   email domain); a group id seen for the first time adopts it rather than making a twin.
    func upsertGroup(externalId: String, traits: [String: JSONValue], memberAccountId: Account.ID? = nil) async throws -> Account.ID {
        let name = traits["name"]?.textValue
        let industry = traits["industry"]?.textValue
        // Checked when the message was parsed; an unreadable count leaves the size as it was.
        let size = (try? GroupTraits.employeeCount(in: traits)) ?? nil
        let domain = (traits["website"]?.textValue ?? traits["domain"]?.textValue).flatMap(Self.domain(fromWebsite:))
        if let id = try await existingAccount(externalId: externalId, domain: domain, memberAccountId: memberAccountId) {
            var update = db.update("accounts").set("external_id", to: SQLBind(externalId)).set("updated_at", to: SQLBind(now))
            if let name { update = update.set("name", to: SQLBind(name)) }
            if let industry { update = update.set("industry", to: SQLBind(industry)) }
            if let size { update = update.set("size", to: SQLBind(size)) }
            try await update.where("id", .equal, SQLBind(id)).run()
            return id
        }
        let inserted = try await db.insert(into: "accounts")
            .columns("external_id", "domain", "name", "industry", "size", "created_at", "updated_at")
            .values(
                SQLBind(externalId), SQLBind(domain), SQLBind(name ?? externalId), SQLBind(industry), SQLBind(size), SQLBind(now),
                SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Account.ID.self)
        return inserted ?? 0
    }

    /// The account a group id names: the one already carrying it, else (the first time the id is
    /// seen) the account its website's domain or its member's email domain formed, unless that
    /// account belongs to another group already.
    private func existingAccount(externalId: String, domain: String?, memberAccountId: Account.ID?) async throws -> Account.ID? {
        if let row = try await db.select().column("id").from("accounts").where("external_id", .equal, SQLBind(externalId)).first() {
            return try row.decode(column: "id", as: Account.ID.self)
        }
        var candidates: [(column: String, value: any Encodable & Sendable)] = []
        if let domain { candidates.append(("domain", domain)) }
        if let memberAccountId { candidates.append(("id", memberAccountId)) }
        for (column, value) in candidates {
            if let row = try await db.select().column("id").from("accounts").where(SQLColumn(column), .equal, SQLBind(value))
                .where("external_id", .is, SQLLiteral.null).first()
            {
                return try row.decode(column: "id", as: Account.ID.self)
            }
        }
        return nil
    }

    static func domain(fromWebsite website: String) -> String? {
        var text = website.lowercased().trimmingCharacters(in: .whitespaces)
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if text.hasPrefix("www.") { text.removeFirst(4) }
        let host = text.split(separator: "/").first.map(String.init) ?? ""
        guard host.contains("."), !FreeMailDomains.contains(host) else { return nil }
        return host
    }
}
