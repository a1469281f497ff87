import SQLKit
import TandemCore

/// The lead list as people browse it: filters, a search box, a sort and numbered pages.
/// (The REST API pages by cursor instead; see `LeadFilter`.)
public struct LeadSearch: Sendable, Hashable {
    public enum Sort: String, Sendable, CaseIterable {
        case updated, created, name, company, stage
        /// By grade, A1 first, then by engagement within a grade: the hottest leads first.
        case score
        case fit, engagement
        /// The latest event scoring counted, newest first.
        case lastActivity = "last_activity"

        /// Sorts that read the kept scores, joined by lead.
        var readsScores: Bool { [.score, .fit, .engagement, .lastActivity].contains(self) }
    }

    public var scope: LeadScope = .all
    public var stage: LifecycleStage?
    public var owner: String?
    public var source: String?
    public var accountId: Account.ID?
    /// Only leads created at or after this time.
    public var createdSince: Double?
    /// Words matched against name, email and company, case-insensitively.
    public var text: String?
    public var sort: Sort = .updated
    public var page = 1
    public var pageSize = 50
    /// False for a reader that walks every page (an export): no count is made, and pages may
    /// be bigger.
    public var countsTotal = true

    public init() {}
}

/// One page of the lead list and how many leads match in all.
public struct LeadSearchPage: Sendable {
    public let leads: [Lead]
    public let total: Int
}

extension LeadStore {
    /// Finds a page of leads; the count and the page are read in one snapshot.
    public func search(_ search: LeadSearch) async throws -> LeadSearchPage {
        try await database.read { db in
            func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
                var query = query
                if case .ownedBy(let email) = search.scope {
                    query = query.where(SQLFunction("LOWER", args: SQLColumn("owner")), .equal, SQLBind(email))
                }
                if let stage = search.stage { query = query.where("stage", .equal, SQLBind(stage.rawValue)) }
                if let owner = search.owner {
                    query = query.where(SQLFunction("LOWER", args: SQLColumn("owner")), .equal, SQLBind(owner.lowercased()))
                }
                if let source = search.source { query = query.where("source", .equal, SQLBind(source)) }
                if let accountId = search.accountId { query = query.where("account_id", .equal, SQLBind(accountId)) }
                if let since = search.createdSince {
                    query = query.where(SQLColumn("created_at", table: "leads"), .greaterThanOrEqual, SQLBind(since))
                }
                for word in (search.text ?? "").lowercased().split(separator: " ").prefix(5) {
                    let pattern = "%" + Self.escapeLike(String(word)) + "%"
                    query = query.where { group in
                        var group = group
                        for column in ["email_normalized", "first_name", "last_name", "company"] {
                            group = group.orWhere(
                                SQLQueryString("LOWER(\(ident: column)) LIKE \(bind: pattern) ESCAPE '\\'"))
                        }
                        return group
                    }
                }
                return query
            }
            let total =
                search.countsTotal
                ? try await filtered(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("leads"))
                    .first(decodingColumn: "n", as: Int.self) ?? 0 : 0
            var query = filtered(db.select().columns(LeadRow.columns.map { SQLColumn($0, table: "leads") }).from("leads"))
            if search.sort.readsScores {
                // Every lead written through the lifecycle has a kept score; one loaded in bulk
                // and not re-scored yet sorts last.
                query = query.join(
                    "lead_scores", method: SQLJoinMethod.left, on: SQLColumn("lead_id", table: "lead_scores"), .equal,
                    SQLColumn("id", table: "leads"))
            }
            func scoreOrder(_ column: String, _ direction: String) -> SQLQueryString {
                SQLQueryString("\(ident: "lead_scores").\(ident: column) \(unsafeRaw: direction) NULLS LAST")
            }
            switch search.sort {
            case .updated:
                query = query.orderBy(SQLOrderBy(expression: SQLColumn("updated_at", table: "leads"), direction: SQLDirection.descending))
            case .created:
                query = query.orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "leads"), direction: SQLDirection.descending))
            case .name: query = query.orderBy("last_name").orderBy("first_name")
            case .company: query = query.orderBy("company")
            case .stage: query = query.orderBy("stage")
            case .score: query = query.orderBy(scoreOrder("fit_band", "ASC")).orderBy(scoreOrder("engagement_rank", "DESC"))
            case .fit: query = query.orderBy(scoreOrder("fit", "DESC"))
            case .engagement: query = query.orderBy(scoreOrder("engagement_rank", "DESC"))
            case .lastActivity: query = query.orderBy(scoreOrder("last_event_at", "DESC"))
            }
            let size = min(max(search.pageSize, 1), search.countsTotal ? 200 : 1000)
            let leads = try await query.orderBy(SQLOrderBy(expression: SQLColumn("id", table: "leads"), direction: SQLDirection.descending))
                .limit(size)
                .offset((max(search.page, 1) - 1) * size).all().map(LeadRow.decode)
            return LeadSearchPage(leads: leads, total: total)
        }
    }

    /// The distinct values of a text column people filter by (owners, sources), most common first.
    public func distinctValues(of field: LeadField, limit: Int = 50) async throws -> [String] {
        guard [.owner, .source, .country, .industry].contains(field) else { return [] }  // only short text columns
        return try await database.read { db in
            try await db.select().column(SQLColumn(LeadRow.column(field)), as: "value")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("leads")
                .where(SQLColumn(LeadRow.column(field)), .isNot, SQLLiteral.null)
                .groupBy(SQLColumn(LeadRow.column(field))).orderBy(
                    SQLOrderBy(expression: SQLColumn("n"), direction: SQLDirection.descending)
                ).limit(limit).all()
                .map { try $0.decode(column: "value", as: String.self) }
        }
    }

    /// `%` and `_` typed in the search box are searched for, not wildcards.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
