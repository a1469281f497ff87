import Foundation
import SQLKit
import TandemCore

/// A count per week, the week named by the Monday it starts on (seconds since 1970, UTC).
public struct WeeklyCount: Sendable, Hashable {
    public let weekStart: Double
    public let count: Int
}

/// The numbers behind the dashboard and the activity charts of the lead and account pages.
public struct ActivityReports: Sendable {
    let database: Database
    static let week = TimeSpan.week
    /// 1970-01-01 was a Thursday; weeks start on Mondays, 4 days later.
    static let mondayOffset = TimeSpan.days(4)

    /// How many leads are in each stage, in the scope's leads.
    public func leadsByStage(scope: LeadScope = .all) async throws -> [LifecycleStage: Int] {
        try await database.read { db in
            var query = db.select().column("stage").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("leads")
            if case .ownedBy(let email) = scope {
                query = query.where(SQLFunction("LOWER", args: SQLColumn("owner")), .equal, SQLBind(email))
            }
            var counts: [LifecycleStage: Int] = [:]
            for row in try await query.groupBy("stage").all() {
                if let stage = LifecycleStage(rawValue: try row.decode(column: "stage", as: String.self)) {
                    counts[stage] = try row.decode(column: "n", as: Int.self)
                }
            }
            return counts
        }
    }

    /// How many leads ever reached each funnel stage, from their stage history: a lead that went
    /// to MQL and was then disqualified still counts as having reached MQL.
    public func leadsReached() async throws -> [LifecycleStage: Int] {
        let cases = LifecycleStage.funnel.map { "WHEN '\($0.rawValue)' THEN \($0.funnelRank ?? 0)" }.joined(separator: " ")
        return try await database.read { db in
            // The CASE holds only our own stage names and ranks, never input.
            let rows = try await db.raw(
                """
                SELECT r, COUNT(*) AS n FROM (SELECT lead_id, MAX(CASE to_stage \(unsafeRaw: cases) ELSE -1 END) AS r \
                FROM stage_changes GROUP BY lead_id) ranks GROUP BY r
                """
            ).all()
            var atRank = [Int: Int]()
            for row in rows { atRank[try row.decode(column: "r", as: Int.self)] = try row.decode(column: "n", as: Int.self) }
            var reached: [LifecycleStage: Int] = [:]
            for stage in LifecycleStage.funnel {
                reached[stage] = atRank.filter { $0.key >= stage.funnelRank ?? 0 }.values.reduce(0, +)
            }
            return reached
        }
    }

    /// Leads created since `since`, by source, most first.
    public func newLeadsBySource(since: Double) async throws -> [(source: String, count: Int)] {
        try await database.read { db in
            try await db.select().column("source").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("leads")
                .where("created_at", .greaterThanOrEqual, SQLBind(since)).groupBy("source")
                .orderBy(SQLOrderBy(expression: SQLColumn("n"), direction: SQLDirection.descending)).all()
                .map { (try $0.decode(column: "source", as: String?.self) ?? "unknown", try $0.decode(column: "n", as: Int.self)) }
        }
    }

    /// New leads per week since `since`; weeks start on Monday 00:00 at `utcOffset` seconds
    /// from UTC (the reader's zone).
    public func newLeadsPerWeek(since: Double, utcOffset: Double = 0) async throws -> [WeeklyCount] {
        try await weekly(table: "leads", timeColumn: "created_at", since: since, utcOffset: utcOffset) { $0 }
    }

    /// A lead's events per week since `since`.
    public func eventsPerWeek(leadId: Lead.ID, since: Double, utcOffset: Double = 0) async throws -> [WeeklyCount] {
        try await weekly(table: "events", timeColumn: "occurred_at", since: since, utcOffset: utcOffset) {
            $0.where("lead_id", .equal, SQLBind(leadId))
        }
    }

    /// The events of an account's leads per week since `since`.
    public func eventsPerWeek(accountId: Account.ID, since: Double, utcOffset: Double = 0) async throws -> [WeeklyCount] {
        try await weekly(table: "events", timeColumn: "occurred_at", since: since, utcOffset: utcOffset) { query in
            query.where(
                "lead_id", .in,
                SQLQueryString("(SELECT id FROM leads WHERE account_id = \(bind: accountId))"))
        }
    }

    private func weekly(
        table: String, timeColumn: String, since: Double, utcOffset: Double,
        filter: @Sendable (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> [WeeklyCount] {
        let engine = database.engine
        // Whole seconds within a day: a zone is never further than 14 hours from UTC.
        let offset = max(-86_400, min(86_400, Int64(exactly: utcOffset.rounded()) ?? 0))
        let origin = Self.mondayOffset - Double(offset)
        return try await database.read { db in
            let shifted = "(\(timeColumn) - \(Int(exactly: origin) ?? 0)) / \(Int(exactly: Self.week) ?? 1)"
            // PostgreSQL's CAST rounds to the nearest integer; FLOOR makes it truncate as SQLite's CAST does.
            let bucket =
                switch engine {
                case .sqlite: SQLRaw("CAST(\(shifted) AS INTEGER)")
                case .postgres: SQLRaw("CAST(FLOOR(\(shifted)) AS BIGINT)")
                }
            let query = filter(
                db.select().column(bucket, as: "week").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                    .where(SQLColumn(timeColumn), .greaterThanOrEqual, SQLBind(since)))
            return try await query.groupBy(SQLColumn("week")).orderBy(SQLColumn("week")).all().map { row in
                WeeklyCount(
                    weekStart: Double(try row.decode(column: "week", as: Int64.self)) * Self.week + origin,
                    count: try row.decode(column: "n", as: Int.self))
            }
        }
    }

    /// The Monday 00:00 of the week holding `time`, at `utcOffset` seconds from UTC.
    public static func weekStart(_ time: Double, utcOffset: Double = 0) -> Double {
        let origin = mondayOffset - utcOffset
        return ((time - origin) / week).rounded(.down) * week + origin
    }

    /// Fills the weeks with no row, so a chart shows gaps as zeros: `weeks` weeks ending with `until`'s.
    public static func filled(_ counts: [WeeklyCount], weeks: Int, until: Double, utcOffset: Double = 0) -> [WeeklyCount] {
        let last = weekStart(until, utcOffset: utcOffset)
        let byWeek = Dictionary(counts.map { ($0.weekStart, $0.count) }, uniquingKeysWith: +)
        return (0..<weeks).reversed().map { back in
            let start = last - Double(back) * week
            return WeeklyCount(weekStart: start, count: byWeek[start] ?? 0)
        }
    }
}
