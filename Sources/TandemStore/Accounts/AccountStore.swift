import Foundation
import SQLKit
import TandemCore

/// Reads accounts.
public struct AccountStore: Sendable {
    let database: Database

    private static let columns = ["id", "domain", "external_id", "name", "industry", "size", "owner", "created_at", "updated_at"]

    public func get(id: Account.ID) async throws -> Account? {
        try await list(afterId: nil, limit: 1, id: id).first
    }

    /// Accounts in id order after `afterId`, optionally only those whose domain or name contain
    /// `search`. A rep's scope lists the accounts they own or hold leads in, each counting their
    /// own leads.
    public func list(
        afterId: Account.ID?, limit: Int, search: String? = nil, id: Account.ID? = nil, scope: LeadScope = .all
    ) async throws -> [Account] {
        try await database.read { db in
            var query = db.select().columns(Self.columns.map { SQLColumn($0, table: "a") })
            switch scope {
            case .all:
                query = query.column(SQLRaw("(SELECT COUNT(*) FROM leads l WHERE l.account_id = a.id)"), as: "lead_count")
            case .ownedBy(let email):
                query = query.column(
                    SQLQueryString("(SELECT COUNT(*) FROM leads l WHERE l.account_id = a.id AND LOWER(l.owner) = \(bind: email))"),
                    as: "lead_count"
                )
                .where(
                    SQLQueryString(
                        """
                        (LOWER(a.owner) = \(bind: email) OR EXISTS \
                        (SELECT 1 FROM leads l WHERE l.account_id = a.id AND LOWER(l.owner) = \(bind: email)))
                        """))
            }
            query = query.from(SQLAlias(SQLIdentifier("accounts"), as: SQLIdentifier("a")))
            if let id { query = query.where(SQLColumn("id", table: "a"), .equal, SQLBind(id)) }
            if let afterId { query = query.where(SQLColumn("id", table: "a"), .greaterThan, SQLBind(afterId)) }
            if let search, !search.isEmpty {
                let pattern = "%" + search.lowercased() + "%"
                query = query.where { group in
                    group.where(SQLFunction("lower", args: SQLColumn("domain", table: "a")), .like, SQLBind(pattern))
                        .orWhere(SQLFunction("lower", args: SQLColumn("name", table: "a")), .like, SQLBind(pattern))
                }
            }
            return try await query.orderBy(SQLColumn("id", table: "a")).limit(limit).all().map(Account.decode)
        }
    }
}

extension Account: TableRow {}
