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
            let users = database.users
            let ann = try await users.create(
                try input("Ann@Example.com"), passwordHash: "hash", by: .commandLine, now: Date().timeIntervalSince1970)
            await #expect(throws: ValidationError.self) {
                try await users.create(
                    try input("ann@example.COM"), passwordHash: "hash", by: .commandLine, now: Date().timeIntervalSince1970)
            }
            #expect(try await users.count() == 1)
            #expect(try await users.credentials(email: " ANN@example.com ")?.user.id == ann.id)
            let entries = try await database.auditTrail.list()
            #expect(entries.map(\.entry.action) == ["user.created"])
            #expect(entries.first?.entry.actor == "cli")
        }
    }

    @Test("the first admin can be created only while no user exists", arguments: TestEngine.available)
    func firstAdminOnce(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let users = database.users
            async let first = users.createFirstAdmin(
                try input("a@example.com", role: .admin), passwordHash: "h", by: .setup(ip: nil), now: Date().timeIntervalSince1970)
            async let second = users.createFirstAdmin(
                try input("b@example.com", role: .admin), passwordHash: "h", by: .setup(ip: nil), now: Date().timeIntervalSince1970)
            let results = try await [first, second]
            #expect(results.compactMap { $0 }.count == 1)
            #expect(try await users.count() == 1)
        }
    }

    @Test("a session is found by its token until it expires or its user is disabled", arguments: TestEngine.available)
    func sessions(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let users = database.users
            let user = try await users.create(
                try input("rep@example.com"), passwordHash: "h", by: .commandLine, now: Date().timeIntervalSince1970)
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
            _ = try await users.update(
                id: user.id, role: .sales, team: nil, disabled: true, by: .commandLine, now: Date().timeIntervalSince1970)
            #expect(try await sessions.find(token: token, now: now + 1000) == nil)
        }
    }

    @Test("demo data loads in one transaction, reads back, and refuses a database that has data", arguments: TestEngine.available)
    func bulkLoad(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            var generator = DemoGeneratorFixture.small
            generator.leadCount = 300
            let seed = generator.generate(passwordHash: "h")
            try await database.bulkLoader.load(seed, now: Date().timeIntervalSince1970)
            #expect(try await database.count("leads") == 300)
            #expect(try await database.count("events") == seed.events.count)
            #expect(try await database.count("stage_changes") == seed.stageChanges.count)
            #expect(try await database.count("users") == seed.users.count)
            // New rows after the loaded ones get fresh ids on both engines.
            let lead = try await database.leads.create(
                LeadInput(email: try EmailAddress("new@x.com")), actor: .system, now: Date().timeIntervalSince1970)
            #expect(lead.id == 301)
            let reached = try await database.activityReports.leadsReached()
            #expect(reached[.lead]! >= reached[.mql]!)
            #expect(reached[.mql]! >= reached[.customer]!)
            await #expect(throws: ValidationError.self) {
                try await database.bulkLoader.load(seed, now: Date().timeIntervalSince1970)
            }
            #expect(try await database.count("leads") == 301)
        }
    }
}

@Suite("Sign-in failures")
struct SignInFailureStoreTests {
    @Test(
        "attempts are counted per key in the database, old ones forgotten, a success taken back, the email cleared",
        arguments: TestEngine.available)
    func failures(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            // Two stores stand for two servers sharing the database. `decide` answers -1 (wait)
            // when it does not see what the test expects, so a wrong count fails the test.
            let first = database.signInFailures
            let second = database.signInFailures
            let email = "email:a@x.com"
            /// Goes ahead (nil) when the email's attempts are exactly `expected`, else waits (-1).
            func expecting(_ expected: [Double]?, also: @escaping @Sendable ([String: [Double]]) -> Bool = { _ in true })
                -> @Sendable ([String: [Double]]) -> Double?
            {
                { found in found[email]?.sorted() == expected && also(found) ? nil : -1 }
            }
            let firstAttempt = try await first.reserve(keys: [email, "ip:10.0.0.1"], since: 0, at: 100, decide: expecting(nil))
            #expect(firstAttempt == nil)
            let seenByOther = try await second.reserve(
                keys: [email, "ip:10.0.0.2"], since: 0, at: 200, decide: expecting([100], also: { $0["ip:10.0.0.2"] == nil }))
            #expect(seenByOther == nil)
            // Failures before `since` are not seen, and are forgotten.
            let recent = try await first.reserve(keys: [email], since: 150, at: 1200, decide: expecting([200]))
            #expect(recent == nil)
            try await second.release(keys: [email], at: 1200)
            let afterRelease = try await first.reserve(keys: [email], since: 0, at: 1300, decide: expecting([200]))
            #expect(afterRelease == nil)
            try await second.clear(key: email)
            let afterClear = try await first.reserve(keys: [email], since: 0, at: 1400, decide: expecting(nil))
            #expect(afterClear == nil)
        }
    }
}
