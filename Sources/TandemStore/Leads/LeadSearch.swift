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
    /// How many match; at most `LeadSearch.countLimit` when `totalIsAtLeast`.
    public let total: Int
    /// True when more leads match than a search counts: "10,000+".
    public var totalIsAtLeast = false

    public init(leads: [Lead], total: Int, totalIsAtLeast: Bool = false) {
        self.leads = leads
        self.total = total
        self.totalIsAtLeast = totalIsAtLeast
    }
}

extension LeadSearch {
    /// A search by words, account or creation date counts its matches up to this many, so
    /// that a broad search over a million leads costs no more than ten thousand rows.
    public static let countLimit = 10_000

    var words: [String] { (text ?? "").lowercased().split(separator: " ").prefix(5).map(String.init) }

    /// True when the kept counts answer how many leads match: only stage, owner, source and
    /// scope narrow the list.
    var keptCountsAnswer: Bool { words.isEmpty && accountId == nil && createdSince == nil }

    /// True when one of stage, owner (or a rep's scope) and source narrows the list and it is
    /// sorted by one of the leads' own columns: an index holds that filter and sort together.
    var hasFilterSortIndex: Bool {
        var owners = Set<String>()
        if case .ownedBy(let email) = scope { owners.insert(email.lowercased()) }
        if let owner { owners.insert(owner.lowercased()) }
        let filters = (stage == nil ? 0 : 1) + (owners.isEmpty ? 0 : 1) + (source == nil ? 0 : 1)
        return filters == 1 && owners.count <= 1 && [.updated, .created, .name, .company].contains(sort)
    }

    /// True when only words narrow the list (the trigram index then counts the matches).
    var isTextOnly: Bool {
        if case .ownedBy = scope { return false }
        return stage == nil && owner == nil && source == nil && accountId == nil && createdSince == nil
            && words.allSatisfy { $0.unicodeScalars.count >= 3 }
    }

    /// Above this many matches among `all` leads, walking the sort's index (about `all / matches`
    /// leads read per lead shown) costs less than sorting every match: the two meet near
    /// `sqrt(200 × all)`, a few milliseconds either way.
    static func broadMatches(among all: Int) -> Int {
        max(2_000, Int(exactly: (200 * Double(max(all, 1))).squareRoot().rounded(.down)) ?? Int.max)
    }

    /// The matches counted from the kept counts.
    func total(in counts: [LeadTallies.Count]) -> Int {
        var total = 0
        for count in counts {
            if case .ownedBy(let email) = scope, count.owner != email.lowercased() { continue }
            if let stage, count.stage != stage { continue }
            if let owner, count.owner != owner.lowercased() { continue }
            if let source, count.source != source { continue }
            total += count.n
        }
        return total
    }
}

extension LeadStore {
    /// Finds a page of leads; the count and the page are read in one snapshot.
    ///
    /// A page must cost the same at a thousand leads and at a million, so the plan is chosen
    /// here from counts (neither planner knows how many leads a word matches, and SQLite's not
    /// how many a value does): a filter or search that matches many leads walks the sort's
    /// index and stops after a page; one that matches few reads its matches through their own
    /// index and sorts them.
    public func search(_ search: LeadSearch) async throws -> LeadSearchPage {
        let engine = database.engine
        return try await database.read { db in
            let indexed = search.words.filter { $0.unicodeScalars.count >= 3 }
            let phrases = indexed.map { "\"" + Self.escaping($0, ["\""], with: "\"") + "\"" }.joined(separator: " AND ")
            // How many leads the trigram index finds, up to the count limit.
            var textMatches: Int?
            if !indexed.isEmpty {
                var found: SQLSelectBuilder
                switch engine {
                case .sqlite:
                    found = db.select().column("rowid").from("lead_search").where(
                        SQLQueryString("lead_search MATCH \(bind: phrases)"))
                case .postgres:
                    found = db.select().column(SQLLiteral.numeric("1"), as: "one").from("leads")
                    for word in indexed {
                        found = found.where(
                            SQLQueryString(
                                "\(unsafeRaw: CreateLeadSearchIndex.postgresText) LIKE \(bind: "%" + Self.escapeLike(word) + "%") ESCAPE '\\'"
                            ))
                    }
                }
                // PostgreSQL's statistics on the indexed text estimate a word's matches well; one
                // estimated at thrice the count limit or more is counted as "10,000+" without
                // building its whole bitmap (the count's main cost).
                if engine == .postgres, try await Self.estimatedRows(found, on: db) > 3 * LeadSearch.countLimit {
                    textMatches = LeadSearch.countLimit + 1
                } else {
                    textMatches =
                        try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                        .from(SQLGroupExpression(found.limit(LeadSearch.countLimit + 1).query), as: SQLIdentifier("found"))
                        .first(decodingColumn: "n", as: Int.self) ?? 0
                }
            }
            let keptCounts = search.keptCountsAnswer ? try await LeadTallies.counts(on: db) : nil
            let filterMatches = keptCounts.map { search.total(in: $0) }
            let all = keptCounts?.reduce(0) { $0 + $1.n }
            // One filter with a sort on the leads' own columns has an index led by the filter
            // (`CreateLeadListIndexes`): the database reads exactly the page, however the two
            // are correlated.
            let broadFilter =
                !search.hasFilterSortIndex && (filterMatches.map { $0 > LeadSearch.broadMatches(among: all ?? 0) } ?? false)
            let walkSortIndex = broadFilter || (textMatches ?? 0) > LeadSearch.countLimit

            func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
                var query = query
                func equal(_ column: String, lowered: Bool = false, _ value: String) {
                    var expression = lowered ? "LOWER(leads.\(column))" : "leads.\(column)"
                    // An expression no index holds, so the database walks the sort's index.
                    if walkSortIndex { expression = engine == .sqlite ? "+" + expression : "(\(expression) || '')" }
                    query = query.where(SQLQueryString("\(unsafeRaw: expression) = \(bind: value)"))
                }
                if case .ownedBy(let email) = search.scope { equal("owner", lowered: true, email.lowercased()) }
                if let stage = search.stage { equal("stage", stage.rawValue) }
                if let owner = search.owner { equal("owner", lowered: true, owner.lowercased()) }
                if let source = search.source { equal("source", source) }
                if let accountId = search.accountId { query = query.where("account_id", .equal, SQLBind(accountId)) }
                if let since = search.createdSince {
                    query = query.where(SQLColumn("created_at", table: "leads"), .greaterThanOrEqual, SQLBind(since))
                }
                // Words of three letters or more are found through the trigram index, unless
                // so many leads match that walking the sort's index and testing each lead's own
                // text finds a page sooner; shorter words (which no trigram index can find)
                // narrow what the others found.
                var tested = search.words.filter { $0.unicodeScalars.count < 3 }
                if !indexed.isEmpty {
                    switch engine {
                    case _ where walkSortIndex:
                        tested = search.words
                    case .sqlite:
                        query = query.where(
                            SQLColumn("id", table: "leads"), .in,
                            SQLQueryString("(SELECT rowid FROM lead_search WHERE lead_search MATCH \(bind: phrases))"))
                    case .postgres:
                        for word in indexed {
                            query = query.where(
                                SQLQueryString(
                                    "\(unsafeRaw: CreateLeadSearchIndex.postgresText) LIKE \(bind: "%" + Self.escapeLike(word) + "%") ESCAPE '\\'"
                                ))
                        }
                    }
                }
                for word in tested {
                    let pattern = "%" + Self.escapeLike(word) + "%"
                    query = query.where { group in
                        var group = group
                        for column in CreateLeadSearchIndex.columns {
                            group = group.orWhere(
                                SQLQueryString("LOWER(\(ident: "leads").\(ident: column)) LIKE \(bind: pattern) ESCAPE '\\'"))
                        }
                        return group
                    }
                }
                return query
            }
            var total = 0
            var totalIsAtLeast = false
            if search.countsTotal, let filterMatches {
                total = filterMatches
            } else if search.countsTotal, let textMatches, search.isTextOnly {
                total = min(textMatches, LeadSearch.countLimit)
                totalIsAtLeast = textMatches > LeadSearch.countLimit
            } else if search.countsTotal {
                let limit = LeadSearch.countLimit
                let matches = filtered(db.select().column(SQLLiteral.numeric("1"), as: "one").from("leads")).limit(limit + 1)
                let counted =
                    try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                    .from(SQLGroupExpression(matches.query), as: SQLIdentifier("matches")).first(decodingColumn: "n", as: Int.self) ?? 0
                total = min(counted, limit)
                totalIsAtLeast = counted > limit
            }
            var query = filtered(db.select().columns(LeadRow.columns.map { SQLColumn($0, table: "leads") }).from("leads"))
            if search.sort.readsScores {
                // Every lead has a kept score row (`CreateLeadListIndexes`): an inner join lets
                // the database walk the scores' index and stop after a page.
                query = query.join(
                    "lead_scores", method: SQLJoinMethod.inner, on: SQLColumn("lead_id", table: "lead_scores"), .equal,
                    SQLColumn("id", table: "leads"))
            }
            // Each sort ends on the id in its own direction, so that one index serves it whole.
            func by(_ table: String, _ column: String, _ direction: SQLDirection) -> SQLOrderBy {
                SQLOrderBy(expression: SQLColumn(column, table: table), direction: direction)
            }
            let ascending = SQLDirection.ascending
            let descending = SQLDirection.descending
            let order: [SQLOrderBy] =
                switch search.sort {
                case .updated: [by("leads", "updated_at", descending), by("leads", "id", descending)]
                case .created: [by("leads", "created_at", descending), by("leads", "id", descending)]
                case .name: [by("leads", "last_name", ascending), by("leads", "first_name", ascending), by("leads", "id", ascending)]
                case .company: [by("leads", "company", ascending), by("leads", "id", ascending)]
                case .stage: [by("leads", "stage", ascending), by("leads", "id", ascending)]
                case .score:
                    [
                        by("lead_scores", "fit_band", ascending), by("lead_scores", "engagement_rank", descending),
                        by("lead_scores", "lead_id", descending),
                    ]
                case .fit: [by("lead_scores", "fit", descending), by("lead_scores", "lead_id", descending)]
                case .engagement: [by("lead_scores", "engagement_rank", descending), by("lead_scores", "lead_id", descending)]
                case .lastActivity: []
                }
            for term in order { query = query.orderBy(term) }
            if search.sort == .lastActivity {
                // Never-active leads last: the natural order of a descending sort on SQLite,
                // and the order of PostgreSQL's index on it.
                query = query.orderBy(
                    SQLQueryString(
                        engine == .sqlite
                            ? "lead_scores.last_event_at DESC, lead_scores.lead_id DESC"
                            : "lead_scores.last_event_at DESC NULLS LAST, lead_scores.lead_id DESC"))
            }
            let size = min(max(search.pageSize, 1), search.countsTotal ? 200 : 1000)
            let leads = try await query.limit(size).offset((max(search.page, 1) - 1) * size).all().map(LeadRow.decode)
            return LeadSearchPage(leads: leads, total: total, totalIsAtLeast: totalIsAtLeast)
        }
    }

    /// The owners (lower-cased) and sources people filter the list by, most common first,
    /// from the kept counts.
    public func filterOptions(limit: Int = 50) async throws -> (owners: [String], sources: [String]) {
        var owners: [String: Int] = [:]
        var sources: [String: Int] = [:]
        for count in try await database.leadTallies.counts() {
            if !count.owner.isEmpty { owners[count.owner, default: 0] += count.n }
            if !count.source.isEmpty { sources[count.source, default: 0] += count.n }
        }
        func mostFirst(_ values: [String: Int]) -> [String] {
            values.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map(\.key)
        }
        return (mostFirst(owners), mostFirst(sources))
    }

    /// The rows PostgreSQL's planner expects `query` to return (the first line of its plan).
    static func estimatedRows(_ query: SQLSelectBuilder, on db: any SQLDatabase) async throws -> Int {
        let plan = try await db.raw("EXPLAIN \(query.query)").first(decodingColumn: "QUERY PLAN", as: String.self) ?? ""
        guard let digits = plan.firstMatch(of: /rows=(\d+)/)?.1, let rows = Int(digits) else { return 0 }
        return rows
    }

    /// `%` and `_` typed in the search box are searched for, not wildcards.
    static func escapeLike(_ text: String) -> String {
        escaping(text, ["\\", "%", "_"], with: "\\")
    }

    /// Puts `escape` before each of `special`, scalar by scalar: a quote followed by a
    /// combining mark is one Character to Swift but still a quote to SQL.
    static func escaping(_ text: String, _ special: Set<Unicode.Scalar>, with escape: Unicode.Scalar) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if special.contains(scalar) { scalars.append(escape) }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
