import Foundation
import TandemCore
import Testing

@testable import TandemStore

private struct Boom: Error {}

@Suite("Leads and accounts")
struct LeadStoreTests {
    func input(_ email: String, _ fields: [LeadField: String] = [:], stage: LifecycleStage? = nil) throws -> LeadInput {
        var input = LeadInput(email: try EmailAddress(email))
        for (field, value) in fields { input.fields[field] = .some(value) }
        input.stage = stage
        return input
    }

    @Test("a lead is unique by email whatever its case", arguments: TestEngine.available)
    func uniqueByEmail(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let leads = database.leads
            let lead = try await leads.create(
                try input("Ann@Acme.io", [.firstName: "Ann"]), actor: .apiKey("t"), now: Date().timeIntervalSince1970)
            #expect(lead.email == "Ann@Acme.io")
            await #expect(throws: ValidationError.self) {
                try await leads.create(try input("ann@ACME.io"), actor: .apiKey("t"), now: Date().timeIntervalSince1970)
            }
            let found = try await leads.find(email: "ANN@acme.IO")
            #expect(found?.id == lead.id)
            #expect(try await database.count("leads") == 1)
        }
    }

    @Test("leads join an account by email domain; free-mail addresses never form one", arguments: TestEngine.available)
    func accountsByDomain(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let leads = database.leads
            let results = try await leads.upsert(
                [try input("ann@acme.io", [.company: "Acme Inc"]), try input("bob@acme.io"), try input("cy@gmail.com")], actor: .system,
                now: Date().timeIntervalSince1970)
            let stored = try results.map { try $0.get().lead }
            #expect(stored[0].accountId != nil)
            #expect(stored[0].accountId == stored[1].accountId)
            #expect(stored[2].accountId == nil)
            let accounts = try await database.accounts.list(afterId: nil, limit: 10)
            #expect(accounts.count == 1)
            #expect(accounts[0].domain == "acme.io")
            #expect(accounts[0].name == "Acme Inc")
            #expect(accounts[0].leadCount == 2)
        }
    }

    @Test(
        "a rep's account list holds the accounts they own or hold leads in, each counting their own leads", arguments: TestEngine.available)
    func accountsOfARep(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            _ = try await database.leads.upsert(
                [
                    try input("ann@acme.io", [.owner: "rep@x.com"]), try input("bob@acme.io", [.owner: "other@x.com"]),
                    try input("cy@globex.io", [.owner: "other@x.com"]), try input("dee@initech.io"),
                ], actor: .system, now: Date().timeIntervalSince1970)
            let everyone = try await database.accounts.list(afterId: nil, limit: 10)
            #expect(Set(everyone.compactMap(\.domain)) == ["acme.io", "globex.io", "initech.io"])
            let mine = try await database.accounts.list(afterId: nil, limit: 10, scope: .ownedBy("rep@x.com"))
            #expect(mine.map(\.domain) == ["acme.io"])
            #expect(mine.first?.leadCount == 1, "only the rep's own lead counts")
            #expect(try await database.accounts.list(afterId: nil, limit: 10, scope: .ownedBy("nobody@x.com")).isEmpty)
        }
    }

    @Test("every stage change is recorded with from, to, actor and reason", arguments: TestEngine.available)
    func stageHistory(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let leads = database.leads
            let lead = try await leads.create(try input("ann@acme.io", stage: .lead), actor: .importFile("hubspot.csv"), now: 100)
            var toMQL = LeadInput()
            toMQL.stage = .mql
            _ = try await leads.update(id: lead.id, toMQL, actor: .rule("mql-threshold"), now: 200)
            var reject = LeadInput()
            reject.stage = .recycled
            reject.stageReason = "not_ready_yet"
            _ = try await leads.update(id: lead.id, reject, actor: .user("rep@acme.io"), now: 300)
            let changes = try await leads.stageChanges(leadId: lead.id)
            #expect(changes.map(\.to) == [.recycled, .mql, .lead])
            #expect(changes.map(\.from) == [.mql, .lead, nil])
            #expect(changes.map(\.actor) == ["user:rep@acme.io", "rule:mql-threshold", "import:hubspot.csv"])
            #expect(changes[0].reason == "not_ready_yet")
            #expect(changes.map(\.changedAt) == [300, 200, 100])
        }
    }

    @Test("an illegal stage move is refused and changes nothing", arguments: TestEngine.available)
    func illegalMoveChangesNothing(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let leads = database.leads
            let lead = try await leads.create(try input("ann@acme.io", stage: .customer), actor: .system, now: Date().timeIntervalSince1970)
            var back = LeadInput()
            back.stage = .lead
            back.fields[.title] = .some("CEO")
            await #expect(throws: ValidationError.self) {
                try await leads.update(id: lead.id, back, actor: .apiKey("t"), now: Date().timeIntervalSince1970)
            }
            let after = try await leads.get(id: lead.id)
            #expect(after?.stage == .customer)
            #expect(after?.title == nil)
            #expect(try await database.count("stage_changes") == 1)
        }
    }

    @Test("a failed write leaves no half-written state", arguments: TestEngine.available)
    func rollback(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let email = try EmailAddress("ann@acme.io")
            do {
                try await database.write(now: 1, actor: .system) { tx in
                    _ = try await LeadWriter(in: tx).apply([LeadInput(email: email)])
                    throw Boom()
                }
                Issue.record("the write did not fail")
            } catch is Boom {}
            #expect(try await database.count("leads") == 0)
            #expect(try await database.count("accounts") == 0)
            #expect(try await database.count("stage_changes") == 0)
        }
    }

    @Test("lists filter by stage, owner, source, attributes and update time, and page by cursor", arguments: TestEngine.available)
    func listing(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let leads = database.leads
            var inputs: [LeadInput] = []
            for index in 0..<25 {
                var lead = try input(
                    "p\(index)@firm\(index % 3).com", [.owner: index % 2 == 0 ? "ann" : "bob", .source: index < 5 ? "webinar" : "seo"])
                lead.stage = index % 5 == 0 ? .mql : .lead
                lead.attributes["plan"] = index % 4 == 0 ? "pro" : "free"
                lead.attributes["seats"] = .number(Double(index))
                lead.attributes["trial"] = .bool(index == 3)
                inputs.append(lead)
            }
            _ = try await leads.upsert(inputs, actor: .system, now: 1000)
            var filter = LeadFilter()
            filter.stage = .mql
            #expect(try await leads.list(filter).count == 5)
            filter = LeadFilter()
            filter.owner = "ann"
            filter.source = "webinar"
            #expect(try await leads.list(filter).count == 3)
            filter = LeadFilter()
            filter.attributes = ["plan": "pro"]
            #expect(try await leads.list(filter).count == 7)
            filter.attributes = ["seats": "12"]
            #expect(try await leads.list(filter).map(\.email) == ["p12@firm0.com"])
            filter.attributes = ["trial": "true"]
            #expect(try await leads.list(filter).map(\.email) == ["p3@firm0.com"])
            filter = LeadFilter()
            filter.updatedSince = 1001
            #expect(try await leads.list(filter).isEmpty)

            var seen: [Int64] = []
            filter = LeadFilter()
            filter.limit = 10
            while true {
                let page = try await leads.list(filter)
                seen += page.map(\.id.rawValue)
                guard page.count == filter.limit else { break }
                filter.afterId = page.last!.id
            }
            #expect(seen.count == 25)
            #expect(Set(seen).count == 25)
            #expect(seen == seen.sorted())
        }
    }

    @Test("upsert updates known leads, keeps what it is not told, and merges attributes", arguments: TestEngine.available)
    func upsertMerges(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let leads = database.leads
            var first = try input("ann@acme.io", [.firstName: "Ann", .title: "CTO"])
            first.attributes = ["plan": "pro"]
            _ = try await leads.upsert([first], actor: .system, now: Date().timeIntervalSince1970)
            var second = try input("ANN@acme.io", [.title: "CEO"])
            second.attributes = ["seats": 12]
            let write = try await leads.upsert([second], actor: .system, now: Date().timeIntervalSince1970)[0].get()
            #expect(!write.created)
            let updated = write.lead
            #expect(updated.firstName == "Ann")
            #expect(updated.title == "CEO")
            #expect(updated.attributes == ["plan": "pro", "seats": 12])
            #expect(try await database.count("leads") == 1)
        }
    }

    @Test("a lead's email can change by id, but not to another lead's email", arguments: TestEngine.available)
    func emailChange(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let leads = database.leads
            let ann = try await leads.create(try input("ann@acme.io"), actor: .system, now: Date().timeIntervalSince1970)
            _ = try await leads.create(try input("bo@acme.io"), actor: .system, now: Date().timeIntervalSince1970)
            let moved = try await leads.update(
                id: ann.id, LeadInput(email: try EmailAddress("Ann@Globex.com")), actor: .system, now: Date().timeIntervalSince1970)
            #expect(moved?.email == "Ann@Globex.com")
            #expect(try await leads.find(email: "ann@globex.com")?.id == ann.id)
            #expect(try await leads.find(email: "ann@acme.io") == nil)
            await #expect(throws: ValidationError.self) {
                try await leads.update(
                    id: ann.id, LeadInput(email: try EmailAddress("BO@acme.io")), actor: .system, now: Date().timeIntervalSince1970)
            }
            #expect(try await database.count("leads") == 2)
        }
    }
}
