import Foundation
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

@Suite("Migrations")
struct MigrationTests {
    @Test("run once, recorded, and a second run applies nothing", arguments: TestEngine.available)
    func idempotent(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            // withDatabase has migrated already.
            let again = try await Migrator().migrate(database)
            #expect(again.isEmpty)
            #expect(try await database.count("tandem_migrations") == TandemMigrations.all.count)
        }
    }

    @Test("an upgrade re-scores the leads scored before, so the list can sort them by score", arguments: TestEngine.available)
    func sortKeysUpgrade(engine: TestEngine) async throws {
        let before = Array(TandemMigrations.all.prefix { $0.name != LeadScoresAddSortKeys().name })
        try await engine.withDatabase(migrations: before) { database in
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO leads (email, email_normalized, title, stage, created_at, updated_at)
                    VALUES ('vp@acme.example', 'vp@acme.example', 'VP Marketing', 'lead', 1, 1)
                    """
                ).run()
                try await db.raw(
                    """
                    INSERT INTO lead_scores (lead_id, model_version, fit, engagement, state, updated_at)
                    SELECT id, 0, 0, 0, '{}', 1 FROM leads
                    """
                ).run()
            }
            try await Migrator().migrate(database)
            #expect(try await database.count("score_jobs", where: "status = 'pending'") == 1)
            #expect(try await database.count("lead_scores", where: "fit_band = 3") == 1)
            try await database.scoreJobs.runNext(clock: ManualClock(1_790_000_000))
            #expect(try await database.count("lead_scores", where: "fit_band < 3") == 1)
        }
    }

    @Test("an upgrade reads call-now from the kept state until a re-scoring keeps its deadline", arguments: TestEngine.available)
    func callNowUntilUpgrade(engine: TestEngine) async throws {
        let before = Array(TandemMigrations.all.prefix { $0.name != LeadScoresAddCallNowUntil().name })
        let model = try CompiledScoringModel(.standard)
        let burst = 1_790_000_000.0
        let state = {
            var state = EngagementState()
            state.apply(ScoringEvent(id: 1, type: .track, name: "Demo Requested", occurredAt: burst), model)
            return state
        }()
        try await engine.withDatabase(migrations: before) { database in
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO leads (email, email_normalized, stage, created_at, updated_at)
                    VALUES ('kim@acme.example', 'kim@acme.example', 'mql', 1, 1)
                    """
                ).run()
                try await db.raw(
                    """
                    UPDATE lead_scores SET model_version = 0, engagement = \(bind: state.score),
                        engagement_as_of = \(bind: burst), state = \(bind: state.stored.jsonText), replay_queued = \(bind: false)
                    """
                ).run()
            }
            try await Migrator().migrate(database)
            let lead = try #require(try await database.leads.find(email: "kim@acme.example"))
            #expect(try await database.count("lead_scores", where: "call_now_until IS NULL") == 1)
            #expect(try await database.leadScores.score(leadId: lead.id, now: burst + 60)?.callNow == true)
            #expect(try await database.count("score_jobs", where: "status = 'pending'") == 1)
            try await database.write { db in
                // The event the kept state came from, for the re-scoring's replay.
                try await db.raw(
                    """
                    INSERT INTO events (lead_id, type, name, occurred_at, received_at, message_id, properties, context)
                    VALUES (\(bind: lead.id), 'track', 'Demo Requested', \(bind: burst), \(bind: burst), 'm1', '{}', '{}')
                    """
                ).run()
            }
            try await database.scoreJobs.runNext(clock: ManualClock(burst + 60))
            #expect(try await database.count("lead_scores", where: "call_now_until IS NULL") == 0)
            #expect(try await database.leadScores.score(leadId: lead.id, now: burst + 60)?.callNow == true)
            #expect(try await database.leadScores.score(leadId: lead.id, now: burst + 5 * 3600)?.callNow == false)
        }
    }

    @Test("database URLs parse, and bad ones say what is wrong")
    func urls() throws {
        #expect(try DatabaseURL("sqlite://tandem.db") == .sqlite(path: "tandem.db"))
        #expect(try DatabaseURL("sqlite:///var/lib/tandem.db") == .sqlite(path: "/var/lib/tandem.db"))
        #expect(
            try DatabaseURL("postgres://ann:s%40cret@db.local:6543/crm")
                == .postgres(host: "db.local", port: 6543, username: "ann", password: "s@cret", database: "crm"))
        #expect(
            try DatabaseURL("postgresql://ann@db/crm") == .postgres(host: "db", port: 5432, username: "ann", password: nil, database: "crm")
        )
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("mysql://x") }
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("postgres://db/crm") }
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("postgres://ann@db") }
        #expect(String(describing: try DatabaseURL("postgres://ann:pw@db/crm")).contains("pw") == false)
    }
}
