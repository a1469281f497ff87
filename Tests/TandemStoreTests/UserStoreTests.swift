import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("Users, sessions and the audit trail")
struct UserStoreTests {
    private func input(_ email: String, role: Role = .sales) throws -> UserInput {
        try UserInput(email: email, name: "Person", role: role.rawValue, team: "EMEA")
    }

    @Test("a user is unique by email in any case, and its creation is audited", arguments: TestEngine.available)
    func uniqueAndAudited(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let users = UserStore(database: database)
            let ann = try await users.create(try input("Ann@Example.com"), passwordHash: "hash", by: .commandLine)
            await #expect(throws: ValidationError.self) {
                try await users.create(try input("ann@example.COM"), passwordHash: "hash", by: .commandLine)
            }
            #expect(try await users.count() == 1)
            #expect(try await users.credentials(email: " ANN@example.com ")?.user.id == ann.id)
            let entries = try await AuditTrail(database: database).list()
            #expect(entries.map(\.entry.action) == ["user.created"])
            #expect(entries.first?.entry.actor == "cli")
        }
    }

    @Test("the first admin can be created only while no user exists", arguments: TestEngine.available)
    func firstAdminOnce(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let users = UserStore(database: database)
            async let first = users.createFirstAdmin(try input("a@example.com", role: .admin), passwordHash: "h", by: .setup(ip: nil))
            async let second = users.createFirstAdmin(try input("b@example.com", role: .admin), passwordHash: "h", by: .setup(ip: nil))
            let results = try await [first, second]
            #expect(results.compactMap { $0 }.count == 1)
            #expect(try await users.count() == 1)
        }
    }

    @Test("a session is found by its token until it expires or its user is disabled", arguments: TestEngine.available)
    func sessions(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let users = UserStore(database: database)
            let user = try await users.create(try input("rep@example.com"), passwordHash: "h", by: .commandLine)
            let sessions = SessionStore(database: database, idleLifetime: 600)
            let now = Date().timeIntervalSince1970
            let (token, session) = try await sessions.create(for: user, userAgent: "test", ip: "127.0.0.1", now: now)
            #expect(try await sessions.find(token: token, now: now + 10)?.user.id == user.id)
            #expect(try await sessions.find(token: token, now: now + 10)?.csrfToken == session.csrfToken)
            #expect(try await sessions.find(token: token + "x", now: now) == nil)
            #expect(try await sessions.find(token: token, now: now + 601) == nil)
            // Use extends the idle lifetime.
            #expect(try await sessions.find(token: token, now: now + 500) != nil)
            #expect(try await sessions.find(token: token, now: now + 1000) != nil)
            let stored = try await database.count("sessions", where: "token_hash = '\(token)'")
            #expect(stored == 0)
            _ = try await users.update(id: user.id, role: .sales, team: nil, disabled: true, by: .commandLine)
            #expect(try await sessions.find(token: token, now: now + 1000) == nil)
        }
    }

    @Test("demo data loads in one transaction, reads back, and refuses a database that has data", arguments: TestEngine.available)
    func bulkLoad(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            var generator = DemoGeneratorFixture.small
            generator.leadCount = 300
            let seed = generator.generate(passwordHash: "h")
            try await BulkLoader(database: database).load(seed)
            #expect(try await database.count("leads") == 300)
            #expect(try await database.count("events") == seed.events.count)
            #expect(try await database.count("stage_changes") == seed.stageChanges.count)
            #expect(try await database.count("users") == seed.users.count)
            // New rows after the loaded ones get fresh ids on both engines.
            let lead = try await LeadStore(database: database).create(LeadInput(email: try EmailAddress("new@x.com")), actor: .system)
            #expect(lead.id == 301)
            let reached = try await ActivityReports(database: database).leadsReached()
            #expect(reached[.lead]! >= reached[.mql]!)
            #expect(reached[.mql]! >= reached[.customer]!)
            await #expect(throws: ValidationError.self) { try await BulkLoader(database: database).load(seed) }
            #expect(try await database.count("leads") == 301)
        }
    }
}

@Suite("Sign-in failures")
struct SignInFailureStoreTests {
    @Test("failures are counted per key in the database, old ones forgotten, a success clears the email", arguments: TestEngine.available)
    func failures(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            // Two stores stand for two servers sharing the database.
            let first = SignInFailureStore(database: database)
            let second = SignInFailureStore(database: database)
            try await first.record(keys: ["email:a@x.com", "ip:10.0.0.1"], at: 100, forgetBefore: 0)
            try await second.record(keys: ["email:a@x.com", "ip:10.0.0.2"], at: 200, forgetBefore: 0)
            let found = try await first.failures(keys: ["email:a@x.com", "ip:10.0.0.1", "ip:10.0.0.9"], since: 50)
            #expect(found["email:a@x.com"]?.sorted() == [100, 200])
            #expect(found["ip:10.0.0.1"] == [100])
            #expect(found["ip:10.0.0.9"] == nil)
            try await first.record(keys: ["email:a@x.com"], at: 1200, forgetBefore: 150)
            #expect(try await second.failures(keys: ["email:a@x.com"], since: 0)["email:a@x.com"]?.sorted() == [200, 1200])
            try await second.clear(key: "email:a@x.com")
            #expect(try await first.failures(keys: ["email:a@x.com"], since: 0).isEmpty)
        }
    }
}
