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

    /// How many leads are in each stage, in the scope's leads (from the kept counts).
    public func leadsByStage(scope: LeadScope = .all) async throws -> [LifecycleStage: Int] {
        var counts: [LifecycleStage: Int] = [:]
        for count in try await database.leadTallies.counts() {
            if case .ownedBy(let email) = scope, count.owner != email.lowercased() { continue }
            counts[count.stage, default: 0] += count.n
        }
        return counts
    }

    /// How many leads ever reached each funnel stage (each lead's furthest stage is kept from
    /// its history): a lead that went to MQL and was then disqualified still counts as having
    /// reached MQL.
    public func leadsReached() async throws -> [LifecycleStage: Int] {
        var atRank = [Int: Int]()
        for count in try await database.leadTallies.counts() { atRank[count.reached, default: 0] += count.n }
        var reached: [LifecycleStage: Int] = [:]
        for stage in LifecycleStage.funnel {
            reached[stage] = atRank.filter { $0.key >= stage.funnelRank ?? 0 }.values.reduce(0, +)
        }
        return reached
    }

    /// Leads created since `since` (the start of a week at `utcOffset` seconds from UTC), per
    /// week and by source, most first, in one read of the kept arrivals.
    public func newLeads(since: Double, utcOffset: Double = 0) async throws -> (
        perWeek: [WeeklyCount], bySource: [(source: String, count: Int)]
    ) {
        let origin = Self.weekOrigin(utcOffset: utcOffset)
        var perWeek: [Int64: Int] = [:]
        var bySource: [String: Int] = [:]
        for arrival in try await database.leadTallies.arrivals(since: since, origin: Int(exactly: origin) ?? 0) {
            perWeek[arrival.week, default: 0] += arrival.n
            bySource[arrival.source.isEmpty ? "unknown" : arrival.source, default: 0] += arrival.n
        }
        return (
            perWeek.sorted { $0.key < $1.key }.map { WeeklyCount(weekStart: Double($0.key) * Self.week + origin, count: $0.value) },
            bySource.map { (source: $0.key, count: $0.value) }.sorted { ($0.count, $1.source) > ($1.count, $0.source) }
        )
    }

    /// Leads created since `since`, by source, most first.
    public func newLeadsBySource(since: Double) async throws -> [(source: String, count: Int)] {
        try await newLeads(since: since).bySource
    }

    /// New leads per week since `since`; weeks start on Monday 00:00 at `utcOffset` seconds
    /// from UTC (the reader's zone).
    public func newLeadsPerWeek(since: Double, utcOffset: Double = 0) async throws -> [WeeklyCount] {
        try await newLeads(since: since, utcOffset: utcOffset).perWeek
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
        let origin = Self.weekOrigin(utcOffset: utcOffset)
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

    /// Seconds from 1970-01-01 00:00 UTC to a Monday 00:00 at `utcOffset` seconds from UTC.
    static func weekOrigin(utcOffset: Double) -> Double {
        // Whole seconds within a day: a zone is never further than 14 hours from UTC.
        let offset = max(-86_400, min(86_400, Int64(exactly: utcOffset.rounded()) ?? 0))
        return mondayOffset - Double(offset)
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
