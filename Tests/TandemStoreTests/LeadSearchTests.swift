import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("Lead search and reports")
struct LeadSearchTests {
    private func seed(_ database: Database) async throws {
        let store = database.leads
        for (email, first, owner, stage) in [
            ("ann@acme.com", "Ann", "rep@x.com", LifecycleStage.mql), ("bob@acme.com", "Bob", "REP@x.com", .lead),
            ("cy_100%@globex.com", "Cy", "other@x.com", .sql), ("dee@initech.com", "Dee", nil, .lead),
        ] {
            var input = LeadInput(email: try EmailAddress(email), stage: stage)
            try input.set(.firstName, text: first)
            if let owner { try input.set(.owner, text: owner) }
            _ = try await store.create(input, actor: .system, now: Date().timeIntervalSince1970)
        }
    }

    @Test("search matches words case-insensitively, takes % and _ literally, and counts all matches", arguments: TestEngine.available)
    func search(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            try await seed(database)
            let store = database.leads
            var search = LeadSearch()
            search.text = "ACME"
            #expect(try await store.search(search).total == 2)
            search.text = "100%"
            #expect(try await store.search(search).leads.map(\.email) == ["cy_100%@globex.com"])
            search.text = "%"
            #expect(try await store.search(search).total == 1)
            search.text = "y_"
            #expect(try await store.search(search).total == 1)
            search.text = nil
            search.pageSize = 3
            search.page = 2
            search.sort = .name
            let page = try await store.search(search)
            #expect(page.total == 4)
            #expect(page.leads.count == 1)
        }
    }

    @Test("a sales scope sees the rep's leads whatever the owner's case", arguments: TestEngine.available)
    func scope(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            try await seed(database)
            var search = LeadSearch()
            search.scope = Viewer(role: .sales, ownerEmail: "Rep@X.com").leadScope
            let found = try await database.leads.search(search)
            #expect(Set(found.leads.compactMap(\.email)) == ["ann@acme.com", "bob@acme.com"])
            let stages = try await database.activityReports.leadsByStage(scope: search.scope)
            #expect(stages == [.mql: 1, .lead: 1])
            var filter = LeadFilter()
            filter.scope = search.scope
            #expect(try await database.leads.list(filter).count == 2)
        }
    }

    @Test("weekly counts put each row in the week of its Monday, on both engines", arguments: TestEngine.available)
    func weeklyBuckets(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            // 2026-11-23 is a Monday; 2026-11-29 23:59 is the Sunday of the same week.
            let monday = Timestamp.parse("2026-11-23T00:00:00Z")!
            let store = database.leads
            for (index, at) in [monday, monday + 6 * 86_400 + 86_340, monday + 7 * 86_400].enumerated() {
                _ = try await store.create(LeadInput(email: try EmailAddress("w\(index)@acme.com")), actor: .system, now: at)
            }
            let weeks = try await database.activityReports.newLeadsPerWeek(since: monday - 86_400)
            #expect(weeks == [WeeklyCount(weekStart: monday, count: 2), WeeklyCount(weekStart: monday + 7 * 86_400, count: 1)])
            #expect(ActivityReports.weekStart(monday + 3 * 86_400) == monday)
        }
    }
}
