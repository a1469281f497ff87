import Foundation
import SQLKit
import TandemCore

/// Creates accounts inside the caller's transaction.
struct AccountWriter {
    let db: any SQLDatabase
    let now: Double

    /// Makes sure an account exists for each domain (named as given when new); returns domain → id.
    func ensure(domains names: [String: String]) async throws -> [String: Int64] {
        guard !names.isEmpty else { return [:] }
        let domains = names.keys.sorted()
        var insert = db.insert(into: "accounts").columns("domain", "name", "created_at", "updated_at")
        for domain in domains {
            insert = insert.values(SQLBind(domain), SQLBind(names[domain]!), SQLBind(now), SQLBind(now))
        }
        try await insert.ignoringConflicts(with: ["domain"]).run()
        let rows = try await db.select().columns("id", "domain").from("accounts")
            .where("domain", .in, SQLBind.group(domains)).all()
        var ids: [String: Int64] = [:]
        for row in rows {
            ids[try row.decode(column: "domain", as: String.self)] = try row.decode(column: "id", as: Int64.self)
        }
        return ids
    }

    /// The account a `group` call names, created or updated from its traits; returns its id.
    /// - Parameter memberAccountId: the account the grouped lead already belongs to (by its
    ///   email domain); a group id seen for the first time adopts it rather than making a twin.
    func upsertGroup(externalId: String, traits: [String: JSONValue], memberAccountId: Int64? = nil) async throws -> Int64 {
        let name = traits["name"]?.textValue
        let industry = traits["industry"]?.textValue
        let size = (traits["employees"] ?? traits["employee_count"]).flatMap { value -> Int64? in
            if case .number(let number) = value { return Int64(number) }
            return value.textValue.flatMap { Int64($0) }
        }
        let domain = (traits["website"]?.textValue ?? traits["domain"]?.textValue).flatMap(Self.domain(fromWebsite:))
        if let row = try await db.select().column("id").from("accounts").where("external_id", .equal, SQLBind(externalId)).first() {
            let id = try row.decode(column: "id", as: Int64.self)
            var update = db.update("accounts").set("updated_at", to: SQLBind(now))
            if let name { update = update.set("name", to: SQLBind(name)) }
            if let industry { update = update.set("industry", to: SQLBind(industry)) }
            if let size { update = update.set("size", to: SQLBind(size)) }
            try await update.where("id", .equal, SQLBind(id)).run()
            return id
        }
        // A group for a company whose domain already formed an account joins that account.
        var adopted: (any SQLRow)?
        if let domain {
            adopted = try await db.select().column("id").from("accounts").where("domain", .equal, SQLBind(domain)).first()
        }
        if adopted == nil, let memberAccountId {
            adopted = try await db.select().column("id").from("accounts").where("id", .equal, SQLBind(memberAccountId))
                .where("external_id", .is, SQLLiteral.null).first()
        }
        if let row = adopted {
            let id = try row.decode(column: "id", as: Int64.self)
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
            .returning("id").first(decodingColumn: "id", as: Int64.self)
        return inserted ?? 0
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
