import Foundation
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

extension ScoringStoreTests {
    /// Twenty fitting leads and ten that do not fit, each at one webinar: too little engagement
    /// for the standard model's MQL threshold.
    func webinarAudience(_ database: Database) async throws {
        try await salesUser(database, "ana@northwind.example")
        var messages: [JSONValue] = []
        for index in 0..<30 {
            let fits = index < 20
            messages.append([
                "type": "identify", "userId": .string("u\(index)"), "messageId": .string("i\(index)"),
                "timestamp": Self.timestamp(Self.start),
                "traits": [
                    "email": .string("p\(index)@bigco.example"), "title": fits ? "VP Sales" : "Intern", "company_size": fits ? 1000 : 3,
                ],
            ])
            messages.append([
                "type": "track", "userId": .string("u\(index)"), "event": "Webinar Attended", "messageId": .string("w\(index)"),
                "timestamp": Self.timestamp(Self.start + 10),
            ])
        }
        try await ingest(database, messages, at: Self.start + 10)
    }

    @Test("the preview of a draft counts exactly the leads that saving it hands to sales", arguments: TestEngine.available)
    func previewMatchesSave(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            try await webinarAudience(database)
            #expect(try await database.count("leads", where: "stage = 'mql'") == 0)
            var draft = ScoringModel.standard
            let webinar = try #require(draft.engagementRules.firstIndex { $0.id == "webinar_attended" })
            draft.engagementRules[webinar].points = 60
            draft.engagementRules[webinar].cap = nil

            let preview = try await database.scoringPreviews.preview(try CompiledScoringModel(draft), now: Self.start + 20)
            #expect(preview.evaluated == 30)
            #expect(preview.becomeMQLCount == 20)
            #expect(preview.becomeMQL.count == ScoringPreviewer.sampleSize)
            #expect(preview.becomeMQL.allSatisfy { $0.lead.title == "VP Sales" && $0.draftEngagement >= 50 })
            #expect(preview.leaveCount == 0)
            #expect(try await database.count("scoring_models") == 0, "a preview saves nothing")
            #expect(try await database.count("leads", where: "stage = 'mql'") == 0, "and moves no lead")

            let job = try await database.scoringModels.save(draft, by: .user("ops@northwind.example"), now: Self.start + 20)
            #expect(try await database.scoreJobs.runNext(clock: ManualClock(Self.start + 20)) != nil)
            #expect(try await database.scoreJobs.latest()?.modelVersion == job.modelVersion)
            #expect(try await database.count("leads", where: "stage = 'mql'") == preview.becomeMQLCount)

            // Raising the fit threshold past every lead: all twenty open MQLs would leave.
            var stricter = draft
            stricter.mql.fit = 99
            let after = try await database.scoringPreviews.preview(try CompiledScoringModel(stricter), now: Self.start + 30)
            #expect(after.becomeMQLCount == 0)
            #expect(after.leaveCount == 20)
        }
    }

    @Test(
        "a threshold-only draft previews from the kept scores, a lead without a current one is replayed, and both agree with a full replay",
        arguments: TestEngine.available)
    func thresholdDraftUsesKeptScores(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            try await webinarAudience(database)
            // One fitting lead's kept state is stale (queued for a replay, empty): were it read
            // as it stands, that lead would have no engagement and not be counted.
            try await database.write { db in
                try await db.raw(
                    "UPDATE lead_scores SET replay_queued = \(bind: true), state = \(bind: #"{"s":0}"#) WHERE lead_id = (SELECT id FROM leads WHERE email = \(bind: "p0@bigco.example"))"
                ).run()
            }
            var thresholdOnly = ScoringModel.standard
            thresholdOnly.mql.engagement = 10
            var replayed = thresholdOnly
            let demo = try #require(replayed.engagementRules.firstIndex { $0.id == "demo_request" })
            replayed.engagementRules[demo].points += 1

            let fromKept = try await database.scoringPreviews.preview(try CompiledScoringModel(thresholdOnly), now: Self.start + 20)
            let fromReplay = try await database.scoringPreviews.preview(try CompiledScoringModel(replayed), now: Self.start + 20)
            #expect(fromKept.becomeMQLCount == 20)
            #expect(fromReplay.becomeMQLCount == fromKept.becomeMQLCount)
            #expect(Set(fromKept.becomeMQL.map(\.draftEngagement)) == Set(fromReplay.becomeMQL.map(\.draftEngagement)))
        }
    }

    @Test("a saved version can be read back and restored as a new version, audited as a restore", arguments: TestEngine.available)
    func restoreVersion(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            var first = ScoringModel.standard
            first.halfLifeDays = 10
            var second = first
            second.halfLifeDays = 20
            _ = try await database.scoringModels.save(first, by: .user("ops@northwind.example"), now: Self.start)
            _ = try await database.scoringModels.save(second, by: .user("ops@northwind.example"), now: Self.start + 1)
            #expect(try await database.scoringModels.version(1)?.model == first)
            #expect(try await database.scoringModels.version(0)?.model == .standard)
            #expect(try await database.scoringModels.version(7) == nil)

            let job = try #require(try await database.scoringModels.restore(1, by: .user("maya@northwind.example"), now: Self.start + 2))
            #expect(job.modelVersion == 3)
            let active = try await database.scoringModels.current()
            #expect(active.version == 3 && active.model == first)
            #expect(try await database.scoringModels.restore(9, by: .commandLine, now: Self.start + 3) == nil)
            let audit = try await database.auditTrail.list()
            #expect(audit.contains { $0.entry.summary.hasPrefix("restored scoring model version 1 as version 3") })
        }
    }
}
