import Foundation
import SQLKit
import TandemCore

/// A company, joined by its leads' email domain or by a `group` call.
public struct Account: Sendable, Hashable, Codable {
    public let id: Int64
    public let domain: String?
    public let externalId: String?
    public let name: String?
    public let industry: String?
    public let size: Int64?
    public let owner: String?
    public let leadCount: Int64
    public let createdAt: Double
    public let updatedAt: Double
}

/// Reads accounts.
public struct AccountStore: Sendable {
    let database: Database

    private static let columns = ["id", "domain", "external_id", "name", "industry", "size", "owner", "created_at", "updated_at"]

    public func get(id: Int64) async throws -> Account? {
        try await list(afterId: nil, limit: 1, id: id).first
    }

    /// Accounts in id order after `afterId`, optionally only those whose domain or name contain `search`.
    public func list(afterId: Int64?, limit: Int, search: String? = nil, id: Int64? = nil) async throws -> [Account] {
        try await database.read { db in
            var query = db.select().columns(Self.columns.map { SQLColumn($0, table: "a") })
                .column(SQLRaw("(SELECT COUNT(*) FROM leads l WHERE l.account_id = a.id)"), as: "lead_count")
                .from(SQLAlias(SQLIdentifier("accounts"), as: SQLIdentifier("a")))
            if let id { query = query.where(SQLColumn("id", table: "a"), .equal, SQLBind(id)) }
            if let afterId { query = query.where(SQLColumn("id", table: "a"), .greaterThan, SQLBind(afterId)) }
            if let search, !search.isEmpty {
                let pattern = "%" + search.lowercased() + "%"
                query = query.where { group in
                    group.where(SQLFunction("lower", args: SQLColumn("domain", table: "a")), .like, SQLBind(pattern))
                        .orWhere(SQLFunction("lower", args: SQLColumn("name", table: "a")), .like, SQLBind(pattern))
                }
            }
            return try await query.orderBy(SQLColumn("id", table: "a")).limit(limit).all().map { try $0.model(Account.self) }
        }
    }
}
