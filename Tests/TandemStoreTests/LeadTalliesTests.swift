import Foundation
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

/// The kept counts must equal a recount of the leads at every moment, folded or not.
func checkTallies(_ database: Database, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let ranks = CreateLeadTallies.rankCase("to_stage")
    let recount = try await database.read { db in
        try await db.raw(
            """
            SELECT stage, COALESCE(source, '') AS source, LOWER(COALESCE(owner, '')) AS owner, \
            COALESCE((SELECT MAX(\(unsafeRaw: ranks)) FROM stage_changes WHERE lead_id = leads.id), -1) AS reached FROM leads
            """
        ).all().map { row in
            "\(try row.decode(column: "stage", as: String.self))|\(try row.decode(column: "source", as: String.self))|"
                + "\(try row.decode(column: "owner", as: String.self))|\(try row.decode(column: "reached", as: Int.self))"
        }
    }
    var expected: [String: Int] = [:]
    for key in recount { expected[key, default: 0] += 1 }
    func kept() async throws -> [String: Int] {
        Dictionary(
            try await database.leadTallies.counts().map { ("\($0.stage.rawValue)|\($0.source)|\($0.owner)|\($0.reached)", $0.n) },
            uniquingKeysWith: +)
    }
    #expect(try await kept() == expected, "kept counts before folding", sourceLocation: sourceLocation)
    try await database.leadTallies.compact()
    #expect(try await database.count("lead_tally_changes") == 0, sourceLocation: sourceLocation)
    #expect(try await kept() == expected, "kept counts after folding", sourceLocation: sourceLocation)
    #expect(try await database.count("lead_counts", where: "n = 0") == 0, "no empty tally is kept", sourceLocation: sourceLocation)
}

@Suite("Kept lead counts and the search index")
struct LeadTalliesTests {
    static let now = 1_795_428_000.0

    @Test("counts follow creation, edits, stage moves and owner changes, and survive folding", arguments: TestEngine.available)
    func countsFollowWrites(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            var ids: [Lead.ID] = []
            for (index, source) in ["web", "web", "paid_search", "event"].enumerated() {
                var input = LeadInput(email: try EmailAddress("p\(index)@acme.example"), stage: .lead)
                try input.set(.source, text: source)
                try input.set(.owner, text: index == 0 ? "Rep@Acme.example" : "rep@acme.example")
                ids.append(try await database.leads.create(input, actor: .system, now: Self.now).id)
            }
            try await checkTallies(database)
            #expect(try await database.activityReports.leadsByStage() == [.lead: 4])
            #expect(try await database.activityReports.leadsByStage(scope: .ownedBy("rep@acme.example")) == [.lead: 4])

            var move = LeadInput()
            move.stage = .mql
            _ = try await database.leads.update(id: ids[0], move, actor: .system, now: Self.now + 60)
            var back = LeadInput()
            back.stage = .recycled
            back.stageReason = "not_ready_yet: next quarter"
            _ = try await database.leads.update(id: ids[0], back, actor: .system, now: Self.now + 120)
            var owner = LeadInput()
            try owner.set(.owner, text: "other@acme.example")
            try owner.set(.source, text: "partner")
            _ = try await database.leads.update(id: ids[1], owner, actor: .system, now: Self.now + 180)
            try await checkTallies(database)
            // The recycled lead reached MQL once: the funnel still counts it there.
            let reached = try await database.activityReports.leadsReached()
            #expect(reached[.mql] == 1)
            #expect(reached[.lead] == 4)
            #expect(try await database.activityReports.leadsByStage() == [.lead: 3, .recycled: 1])
            let options = try await database.leads.filterOptions()
            #expect(Set(options.owners) == ["rep@acme.example", "other@acme.example"])
            #expect(Set(options.sources) == ["web", "paid_search", "event", "partner"])

            var search = LeadSearch()
            search.owner = "REP@acme.example"
            #expect(try await database.leads.search(search).total == 3)
            search.source = "web"
            #expect(try await database.leads.search(search).total == 1)

            let weekStart = ActivityReports.weekStart(Self.now)
            #expect(try await database.activityReports.newLeadsPerWeek(since: weekStart - TimeSpan.week).map(\.count) == [4])
            #expect(try await database.activityReports.newLeadsBySource(since: weekStart).first?.source == "event")
        }
    }

    @Test("upgrading counts the leads already stored, with their furthest stage, and finds them by search", arguments: TestEngine.available)
    func upgradeCountsStoredLeads(engine: TestEngine) async throws {
        // With the kept-score column today's scorer writes, which came later.
        let before = Array(TandemMigrations.all.prefix { $0.name != CreateLeadTallies().name }) + [LeadScoresAddCallNowUntil()]
        try await engine.withDatabase(migrations: before) { database in
            for (index, stage) in [LifecycleStage.lead, .mql, .sql].enumerated() {
                var input = LeadInput(email: try EmailAddress("old\(index)@stored.example"), stage: .lead)
                try input.set(.source, text: "event")
                let lead = try await database.leads.create(input, actor: .system, now: Self.now)
                if stage != .lead {
                    var move = LeadInput()
                    move.stage = stage
                    _ = try await database.leads.update(id: lead.id, move, actor: .system, now: Self.now + 1)
                }
            }
            try await Migrator().migrate(database)
            try await checkTallies(database)
            #expect(try await database.activityReports.leadsByStage() == [.lead: 1, .mql: 1, .sql: 1])
            #expect(try await database.activityReports.leadsReached()[.mql] == 2)
            var search = LeadSearch()
            search.text = "stored.example"
            #expect(try await database.leads.search(search).total == 3)
            #expect(try await database.count("lead_scores") == 3)
        }
    }

    @Test(
        "the search index follows renames, finds words anywhere, narrows by short words, and counts up to its limit",
        arguments: TestEngine.available)
    func searchIndexFollowsWrites(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            var input = LeadInput(email: try EmailAddress("jo.smith@globex.example"), stage: .lead)
            try input.set(.firstName, text: "Jo")
            try input.set(.company, text: "Globex Corporation")
            let lead = try await database.leads.create(input, actor: .system, now: Self.now)
            var search = LeadSearch()
            func found(_ text: String) async throws -> [String?] {
                search.text = text
                return try await database.leads.search(search).leads.map(\.email)
            }
            #expect(try await found("orporat") == ["jo.smith@globex.example"])
            #expect(try await found("SMITH jo") == ["jo.smith@globex.example"])
            #expect(try await found("smith xy").isEmpty)
            #expect(try await found("initech").isEmpty)

            var rename = LeadInput()
            try rename.set(.company, text: "Initech")
            _ = try await database.leads.update(id: lead.id, rename, actor: .system, now: Self.now + 1)
            #expect(try await found("initech") == ["jo.smith@globex.example"])
            #expect(try await found("orporat").isEmpty)
            // Quotes and the search syntax are text to look for, not operators.
            #expect(try await found("\"smith OR x*").isEmpty)
            #expect(try await found("smi\"\u{301}th").isEmpty)
        }
    }

    @Test(
        "a broad search counts up to its limit and says there are more; broad and narrow plans find the same leads",
        arguments: TestEngine.available)
    func cappedCount(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            try await database.write { db in
                try await db.raw(
                    """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: String(LeadSearch.countLimit + 5))) \
                    INSERT INTO leads (email, email_normalized, stage, attributes, created_at, updated_at) \
                    SELECT 'p' || i || '@wide.example', 'p' || i || '@wide.example', 'lead', '{}', \(unsafeRaw: String(Self.now)), \(unsafeRaw: String(Self.now)) FROM n
                    """
                ).run()
            }
            var search = LeadSearch()
            search.text = "wide.example"
            let page = try await database.leads.search(search)
            #expect(page.total == LeadSearch.countLimit)
            #expect(page.totalIsAtLeast)
            #expect(page.leads.count == 50)
            // So many matches take the plan that walks the sort's index; it finds what the
            // other plan would: here the newest, then the highest ids.
            #expect(page.leads.map { Int($0.id.rawValue) } == Array((LeadSearch.countLimit - 44...LeadSearch.countLimit + 5).reversed()))
            search.text = "p10005@wide"
            #expect(try await database.leads.search(search).leads.map(\.email) == ["p10005@wide.example"])
            search.text = nil
            search.stage = .lead
            search.sort = .name
            let byName = try await database.leads.search(search)
            #expect(byName.total == LeadSearch.countLimit + 5)
            #expect(byName.leads.first?.email == "p1@wide.example")
            search.stage = nil
            search.sort = .updated
            let all = try await database.leads.search(search)
            #expect(all.total == LeadSearch.countLimit + 5)
            #expect(!all.totalIsAtLeast)
        }
    }
}
