import SQLKit
import TandemCore

/// The kept lead counts (`CreateLeadTallies`): folded counts plus the changes not folded yet,
/// so every answer is exact and costs rows in the hundreds, whatever the number of leads.
public struct LeadTallies: Sendable {
    let database: Database

    /// How many leads share one stage, source (`""` for none), owner (lower-cased, `""` for
    /// none) and furthest funnel rank.
    public struct Count: Sendable, Hashable {
        public let stage: LifecycleStage
        public let source: String
        public let owner: String
        public let reached: Int
        public let n: Int
    }

    /// Every non-empty tally.
    public func counts() async throws -> [Count] {
        try await database.read { db in try await Self.counts(on: db) }
    }

    static func counts(on db: any SQLDatabase) async throws -> [Count] {
        try await db.raw(
            """
            SELECT stage, source, owner, reached, CAST(SUM(n) AS BIGINT) AS n FROM (\
            SELECT stage, source, owner, reached, n FROM lead_counts \
            UNION ALL SELECT stage, source, owner, reached, n FROM lead_tally_changes) kept \
            GROUP BY stage, source, owner, reached HAVING SUM(n) <> 0
            """
        ).all().compactMap { row in
            // A stage this version does not know (written by a newer one) is left out.
            guard let stage = LifecycleStage(rawValue: try row.decode(column: "stage", as: String.self)) else { return nil }
            return Count(
                stage: stage, source: try row.decode(column: "source", as: String.self),
                owner: try row.decode(column: "owner", as: String.self), reached: try row.decode(column: "reached", as: Int.self),
                n: try row.decode(column: "n", as: Int.self))
        }
    }

    /// Leads created since `since`, per week (weeks start `origin` seconds after 1970-01-01
    /// 00:00 UTC, modulo a week) and source.
    func arrivals(since: Double, origin: Int) async throws -> [(week: Int64, source: String, n: Int)] {
        let first = Int64(exactly: (since / Double(CreateLeadTallies.slotSeconds)).rounded(.down)) ?? 0
        let seconds = CreateLeadTallies.slotSeconds
        let week = Int(exactly: TimeSpan.week) ?? 604_800
        let bucket =
            switch database.engine {
            case .sqlite: "CAST((slot * \(seconds) - \(origin)) / \(week) AS INTEGER)"
            case .postgres: "FLOOR((slot * \(seconds) - \(origin)) / \(week)::DOUBLE PRECISION)::BIGINT"
            }
        return try await database.read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: bucket) AS week, source, CAST(SUM(n) AS BIGINT) AS n FROM (\
                SELECT slot, source, n FROM lead_arrivals WHERE slot >= \(bind: first) \
                UNION ALL SELECT slot, source, n FROM lead_tally_changes WHERE slot >= \(bind: first)) kept \
                GROUP BY \(unsafeRaw: bucket), source HAVING SUM(n) <> 0
                """
            ).all().map { row in
                (
                    try row.decode(column: "week", as: Int64.self), try row.decode(column: "source", as: String.self),
                    try row.decode(column: "n", as: Int.self)
                )
            }
        }
    }

    /// The PostgreSQL advisory lock that compactions take turns on.
    static let compactionLock: Int64 = 0x7461_6C6C_79

    /// Folds the pending changes into the kept counts; returns how many were folded. Any number
    /// of servers may call it at once.
    @discardableResult
    public func compact() async throws -> Int {
        let folded = try await fold()
        if database.engine == .postgres && folded >= Self.vacuumAfter {
            // Deleted changes stay in PostgreSQL's table as dead rows until a vacuum, and every
            // count reads past them: after a burst (an import), clear them at once rather than
            // wait for autovacuum. VACUUM runs outside a transaction, hence the read connection.
            try await database.read { db in try await db.raw("VACUUM lead_tally_changes").run() }
        }
        return folded
    }

    /// Leads move through stages, so most combinations of stage, source, owner and rank a lead
    /// once held count zero now (four in five on the demo): every reader would group them again.
    private static func dropEmptyTallies(on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM lead_counts WHERE n = 0").run()
        try await db.raw("DELETE FROM lead_arrivals WHERE n = 0").run()
    }

    /// Folds this many changes or more, and PostgreSQL vacuums the changes table.
    static let vacuumAfter = 10_000

    private func fold() async throws -> Int {
        let pending = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM lead_tally_changes").first(decodingColumn: "n", as: Int.self) ?? 0
        }
        guard pending > 0 else { return 0 }
        return try await database.write { db in
            switch database.engine {
            case .sqlite:
                // The single writer: nothing is added between these statements.
                guard
                    let last = try await db.raw("SELECT MAX(id) AS id FROM lead_tally_changes").first(
                        decodingColumn: "id", as: Int64?.self) ?? nil
                else { return 0 }
                try await db.raw(
                    """
                    INSERT INTO lead_counts (stage, source, owner, reached, n) SELECT stage, source, owner, reached, SUM(n) \
                    FROM lead_tally_changes WHERE id <= \(bind: last) GROUP BY stage, source, owner, reached \
                    ON CONFLICT (stage, source, owner, reached) DO UPDATE SET n = lead_counts.n + excluded.n
                    """
                ).run()
                try await db.raw(
                    """
                    INSERT INTO lead_arrivals (slot, source, n) SELECT slot, source, SUM(n) FROM lead_tally_changes \
                    WHERE id <= \(bind: last) GROUP BY slot, source ON CONFLICT (slot, source) DO UPDATE SET n = lead_arrivals.n + excluded.n
                    """
                ).run()
                let folded =
                    try await db.raw("SELECT COUNT(*) AS n FROM lead_tally_changes WHERE id <= \(bind: last)").first(
                        decodingColumn: "n", as: Int.self) ?? 0
                try await db.raw("DELETE FROM lead_tally_changes WHERE id <= \(bind: last)").run()
                try await Self.dropEmptyTallies(on: db)
                return folded
            case .postgres:
                // One statement takes the rows it deletes and folds exactly those: a change
                // committed meanwhile is neither deleted nor folded, and two servers folding at
                // once each fold the rows they deleted; they take turns, so they never wait on
                // each other's counters crosswise.
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.compactionLock))").run()
                let folded =
                    try await db.raw(
                        """
                        WITH moved AS (DELETE FROM lead_tally_changes RETURNING stage, source, owner, reached, slot, n), \
                        counted AS (INSERT INTO lead_counts (stage, source, owner, reached, n) \
                        SELECT stage, source, owner, reached, SUM(n) FROM moved GROUP BY stage, source, owner, reached \
                        ON CONFLICT (stage, source, owner, reached) DO UPDATE SET n = lead_counts.n + excluded.n), \
                        arrived AS (INSERT INTO lead_arrivals (slot, source, n) SELECT slot, source, SUM(n) FROM moved \
                        GROUP BY slot, source ON CONFLICT (slot, source) DO UPDATE SET n = lead_arrivals.n + excluded.n) \
                        SELECT COUNT(*) AS n FROM moved
                        """
                    ).first(decodingColumn: "n", as: Int.self) ?? 0
                try await Self.dropEmptyTallies(on: db)
                return folded
            }
        }
    }
}
