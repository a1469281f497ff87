import ArgumentParser
import Foundation
import SQLKit
import TandemCore
import TandemServer
import TandemStore

/// Builds a database of a million leads and three million events, then times the pages people
/// open most (the dashboard, the leads list under every filter and sort, search) one request at
/// a time, on SQLite or on a PostgreSQL database given by URL. Anchor in the same run:
/// `GET /healthz` on the same server and database.
struct ScaleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale", abstract: "The dashboard, the leads list and search at 1,000,000 leads and 3,000,000 events.")

    @Option(help: "Leads to create") var leads = 1_000_000
    @Option(help: "Events to create") var events = 3_000_000
    @Option(help: "Requests per page") var requests = 40
    @Option(help: "An empty PostgreSQL database to fill (postgres://…); SQLite in a temporary directory when absent")
    var postgres: String?
    @Option(help: "Keep and reuse this SQLite file instead of a temporary one (filled when it does not exist)")
    var sqlitePath: String?

    static let password = "scale-bench-2026"

    func run() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = postgres ?? "sqlite://\(sqlitePath ?? directory.path + "/scale.db")"
        let database = try await Database.open(try DatabaseURL(url))
        try await Migrator().migrate(database)
        let filled = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM leads").first(decodingColumn: "n", as: Int.self) ?? 0
        }
        if filled == 0 {
            let start = ContinuousClock.now
            try await ScaleFill(database: database, leads: leads, events: events).fill()
            print("filled \(leads) leads and \(events) events in \(String(format: "%.0f", seconds(ContinuousClock.now - start))) s")
        } else {
            print("reusing \(filled) leads")
        }
        await database.close()

        let server = try TandemProcess.serve(database: url)
        defer { server.stop() }
        let admin = try await signIn(port: server.port, email: "admin@bench.example", password: Self.password)
        let rep = try await signIn(port: server.port, email: "rep1@bench.example", password: Self.password)
        let leadCount = leads
        let pages: [(String, String, @Sendable (Int) -> String)] = [
            ("anchor: /healthz", "", { _ in "/healthz" }),
            ("dashboard", admin, { _ in "/" }),
            ("sales: dashboard", rep, { _ in "/" }),
            ("leads list", admin, { _ in "/leads" }),
            ("leads list, page 20", admin, { _ in "/leads?page=20" }),
            ("stage filter", admin, { _ in "/leads?stage=mql" }),
            ("owner filter", admin, { _ in "/leads?owner=rep3%40bench.example" }),
            ("source filter", admin, { _ in "/leads?source=webinar" }),
            ("sales: my leads", rep, { _ in "/leads" }),
            ("sort by name", admin, { _ in "/leads?sort=name" }),
            ("sort by company", admin, { _ in "/leads?sort=company" }),
            ("sort by stage", admin, { _ in "/leads?sort=stage" }),
            ("sort by newest", admin, { _ in "/leads?sort=created" }),
            ("sort by grade", admin, { _ in "/leads?sort=score" }),
            ("sort by fit", admin, { _ in "/leads?sort=fit" }),
            ("sort by engagement", admin, { _ in "/leads?sort=engagement" }),
            ("sort by last activity", admin, { _ in "/leads?sort=last_activity" }),
            ("stage filter, by name", admin, { _ in "/leads?stage=lead&sort=name" }),
            // No MQL of the fill has a surname before F: a walk of the name index would read
            // 200,000 leads before the first.
            ("MQLs by name (correlated)", admin, { _ in "/leads?stage=mql&sort=name" }),
            ("source filter, by grade", admin, { _ in "/leads?source=webinar&sort=score" }),
            ("owner filter, by engagement", admin, { _ in "/leads?owner=rep3%40bench.example&sort=engagement" }),
            ("since a date", admin, { _ in "/leads?since=2026-11-01&sort=created" }),
            (
                "search", admin,
                { i in
                    ["/leads?q=anderson", "/leads?q=pinnacle", "/leads?q=p\(i * 7919 % leadCount + 1)%40", "/leads?q=harbor+baker"][i % 4]
                }
            ),
            ("search, sorted by grade", admin, { _ in "/leads?q=nguyen&sort=score" }),
            ("header search", admin, { i in ["/search?q=anderson", "/search?q=globex"][i % 2] }),
            ("lead page", admin, { i in "/leads/\(i * 7919 % leadCount + 1)" }),
        ]
        print("scale: \(leads) leads, \(events) events, \(postgres == nil ? "SQLite" : "PostgreSQL"), one request at a time")
        print("  page                          p50 ms   p95 ms   p99 ms")
        var worst = (name: "", p95: 0.0)
        for (name, cookie, path) in pages {
            let latencies = try await measure(port: server.port, cookie: cookie, requests: requests, connections: 1, path: path)
            let p95 = percentile(latencies, 0.95)
            if !name.hasPrefix("anchor"), name != "lead page", p95 > worst.p95 { worst = (name, p95) }
            print(
                "  \(name.padding(toLength: 28, withPad: " ", startingAt: 0))"
                    + String(format: "%7.2f  %7.2f  %7.2f", percentile(latencies, 0.5), p95, percentile(latencies, 0.99)))
        }
        print("  slowest p95: \(worst.name), \(String(format: "%.2f", worst.p95)) ms (target < 100 ms)")
    }
}

/// Fills a migrated, empty database with generated leads, their history and kept scores, and
/// events, in set-based statements that run inside the database: the same SQL on both engines
/// but for the row generator. The triggers keep the counts and the search index as they do for
/// every write.
struct ScaleFill {
    let database: Database
    let leads: Int
    let events: Int

    static let now = 1_796_000_000.0
    static let firstNames = [
        "James", "Mary", "Wei", "Priya", "Olu", "Sofia", "Lucas", "Amara", "Noah", "Chen", "Fatima", "Mateo", "Hana", "Ivan", "Leila",
        "Omar",
        "Yuki", "Elena", "Kofi", "Ines",
    ]
    static let lastNames = [
        "Anderson", "Baker", "Nguyen", "Garcia", "Okafor", "Rossi", "Schmidt", "Kowalski", "Tanaka", "Silva", "Haddad", "Dubois",
        "Murphy", "Novak", "Larsen", "Patel", "Kim", "Costa", "Fischer", "Moreau", "Ali", "Jensen", "Romero", "Walsh", "Sato",
    ]
    static let companyWords = ["Pinnacle", "Harbor", "Globex", "Initech", "Northwind", "Summit", "Vertex", "Bluebird", "Ironwood", "Lumen"]
    static let companyKinds = ["Systems", "Labs", "Logistics", "Health", "Software", "Partners", "Foods", "Energy"]
    static let sources = ["web", "paid_search", "paid_social", "organic", "event", "webinar", "content", "partner", "referral"]
    static let eventNames = ["Page Viewed", "Email Opened", "Whitepaper Downloaded", "Webinar Attended", "Pricing Viewed"]

    func fill() async throws {
        let hash = try await PasswordHasher(cost: 4).hash(ScaleBenchmark.password)
        _ = try await database.users.create(
            try UserInput(email: "admin@bench.example", name: "Bench Admin", role: "admin", team: nil), passwordHash: hash,
            by: .commandLine, now: Self.now)
        for rep in 0..<20 {
            _ = try await database.users.create(
                try UserInput(email: "rep\(rep)@bench.example", name: "Rep \(rep)", role: "sales", team: "Sales"), passwordHash: hash,
                by: .commandLine, now: Self.now)
        }
        let stage = """
            CASE WHEN i % 100 < 50 THEN 'lead' WHEN i % 100 < 60 THEN 'subscriber' WHEN i % 100 < 70 THEN 'mql' \
            WHEN i % 100 < 78 THEN 'sal' WHEN i % 100 < 85 THEN 'sql' WHEN i % 100 < 90 THEN 'opportunity' \
            WHEN i % 100 < 93 THEN 'customer' WHEN i % 100 < 96 THEN 'recycled' ELSE 'disqualified' END
            """
        try await step("leads") {
            let company = "\(pick(Self.companyWords, "i")) || ' ' || \(pick(Self.companyKinds, "i / 7")) || ' ' || (i % 5000)"
            let email = "'p' || i || '@' || LOWER(\(pick(Self.companyWords, "i"))) || (i % 5000) || '.example'"
            return """
                \(series(leads)) \
                INSERT INTO leads (email, email_normalized, first_name, last_name, title, company, source, owner, stage, attributes, \
                created_at, updated_at) \
                SELECT \(email), \(email), \(pick(Self.firstNames, "i")), \(pick(Self.lastNames, "i / \(Self.firstNames.count)")), \
                'Head of Growth', \(company), \(pick(Self.sources, "i / 3")), \
                CASE WHEN i % 100 >= 60 THEN 'rep' || (i % 20) || '@bench.example' END, \(stage), '{}', \
                \(Self.now) - i * 63.0, \(Self.now) - i * 31.0 FROM series
                """
        }
        try await step("stage history") {
            """
            INSERT INTO stage_changes (lead_id, from_stage, to_stage, changed_at, actor, reason) \
            SELECT id, NULL, stage, created_at, 'import', NULL FROM leads
            """
        }
        // Each lead got a queued kept-score row as it was inserted; these stand for a finished
        // scoring (a real one is timed by `tandem-bench rescore`).
        try await step("kept scores") {
            """
            UPDATE lead_scores SET model_version = 0, fit = (lead_id * 7) % 80, engagement = (lead_id * 13) % 90, \
            engagement_as_of = \(Self.now) - lead_id * 31.0, replay_queued = FALSE, fit_band = lead_id % 4, \
            engagement_rank = (lead_id * 13) % 90 + (\(Self.now) - lead_id * 31.0) / 86400.0, \
            last_event_at = CASE WHEN lead_id % 10 = 0 THEN NULL ELSE \(Self.now) - lead_id * 31.0 END
            """
        }
        try await step("events") {
            """
            \(series(events)) \
            INSERT INTO events (message_id, type, name, lead_id, occurred_at, received_at, url, properties, context) \
            SELECT 'bench-' || i, 'track', \(pick(Self.eventNames, "i")), 1 + (i * 7919) % \(leads), \(Self.now) - i * 21.0, \
            \(Self.now) - i * 21.0, 'https://northwind.example/pricing', '{}', '{}' FROM series
            """
        }
        let start = ContinuousClock.now
        try await database.leadTallies.compact()
        try await database.write { db in try await db.raw("ANALYZE").run() }
        print("  counts folded and statistics gathered: \(String(format: "%.1f", seconds(ContinuousClock.now - start))) s")
    }

    private func step(_ name: String, _ sql: () -> String) async throws {
        let start = ContinuousClock.now
        let text = sql()
        try await database.write { db in try await db.raw(SQLQueryString(text)).run() }
        print("  \(name): \(String(format: "%.1f", seconds(ContinuousClock.now - start))) s")
    }

    /// `WITH series(i)`: the numbers 1 to `count`.
    private func series(_ count: Int) -> String {
        switch database.engine {
        case .sqlite: "WITH RECURSIVE series(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM series WHERE i < \(count))"
        case .postgres: "WITH series(i) AS (SELECT generate_series(1, \(count))::BIGINT)"
        }
    }

    /// One of our own words, chosen by `index` (an SQL expression) modulo their number.
    private func pick(_ values: [String], _ index: String) -> String {
        "(CASE (\(index)) % \(values.count) "
            + values.enumerated().map { "WHEN \($0.offset) THEN '\($0.element)'" }.joined(separator: " ") + " END)"
    }
}
