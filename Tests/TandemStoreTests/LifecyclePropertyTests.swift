import Foundation
import SQLKit
import TandemCore
import TandemDemo
import Testing

@testable import TandemStore

@Suite("The lifecycle under random actions")
struct LifecyclePropertyTests {
    /// Monday 2026-11-23 10:00 UTC.
    static let start = 1_795_428_000.0

    @Test(
        "no sequence of events, answers, SLA checks, stage moves and waiting reaches an illegal move",
        arguments: TestEngine.available)
    func noIllegalMove(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            for rep in ["rep-a@northwind.example", "rep-b@northwind.example"] {
                _ = try await database.users.create(
                    try UserInput(email: rep, name: rep, role: "sales", team: nil), passwordHash: "x", by: .commandLine,
                    now: Date().timeIntervalSince1970)
            }
            var settings = HandOffSettings()
            settings.reassignAfterHours = 6
            try await database.handOffSettings.save(settings, by: .commandLine, now: Self.start)
            let reps = ["rep-a@northwind.example", "rep-b@northwind.example", "stranger@northwind.example"]
            let titles = ["VP Marketing", "CEO", "Head of Growth", "Student", "Data Analyst", "Director of Sales"]
            var random = SeededRandom(seed: engine == .sqlite ? 7 : 8)
            var now = Self.start
            var message = 0
            func send(_ body: JSONValue) async throws {
                message += 1
                var members = body.objectValue!
                members["messageId"] = .string("m\(message)")
                _ = try await MessageIngestor(database: database).ingest(
                    [.object(members)], parser: MessageParser(receivedAt: now), measureSizes: false, writeKeyId: nil)
            }
            for (index, title) in titles.enumerated() {
                try await send([
                    "type": "identify", "userId": .string("p\(index)"),
                    "traits": ["email": .string("p\(index)@bigco.example"), "title": .string(title), "company_size": 900],
                ])
            }
            let leadIds = try await database.read { db in
                try await db.select().column("id").from("leads").orderBy("id").all().map { try $0.leadID("id") }
            }
            var answered = 0
            for _ in 0..<220 {
                now += Double(Int.random(in: 0...240, using: &random)) * 60
                let person = Int.random(in: 0..<titles.count, using: &random)
                let lead = leadIds[person]
                let rep = reps.randomElement(using: &random)!
                do {
                    switch Int.random(in: 0..<10, using: &random) {
                    case 0...3:
                        let event = ["Demo Requested", "Email Opened", "Unsubscribed", "Contact Sales Submitted"].randomElement(
                            using: &random)!
                        try await send(["type": "track", "userId": .string("p\(person)"), "event": .string(event)])
                    case 4:
                        try await database.handOffs.accept(leadId: lead, by: rep, now: now)
                        answered += 1
                    case 5:
                        let reason = RejectionReason.allCases.randomElement(using: &random)!
                        try await database.handOffs.reject(leadId: lead, reason: reason, comment: nil, by: rep, now: now)
                        answered += 1
                    case 6:
                        try await database.slaMonitor.check(now: now)
                    case 7:
                        let stage = LifecycleStage.allCases.randomElement(using: &random)!
                        let reason: String? = Bool.random(using: &random) ? "checked by hand" : nil
                        _ = try await database.leads.update(
                            id: lead, LeadInput(stage: stage, stageReason: reason), actor: .user(rep), now: now)
                    case 8:
                        now += 31 * 86_400  // past the recycle cool-down and any SLA
                    default:
                        _ = try await database.scoreJobs.enqueueRebuild(now: now)
                        try await database.scoreJobs.runNext(clock: ManualClock(now))
                    }
                } catch let refusal as any DomainError {
                    // Refusals are part of the property: each must leave no trace (checked below).
                    #expect(["invalid_transition", "invalid_state", "forbidden"].contains(refusal.code), "\(refusal)")
                }
                try await checkHistories(database, leadIds: leadIds)
                try await checkTallies(database)
            }
            #expect(answered > 0, "some hand-offs were answered")
            let mqls = try await database.read { db in
                try await db.select().column("id").from("stage_changes").where("to_stage", .equal, SQLBind("mql")).all().count
            }
            #expect(mqls >= 3, "scoring handed leads off \(mqls) times")
        }
    }

    /// Every recorded move follows from the previous one and is allowed for its actor and reason;
    /// the last one is the lead's stage; an open hand-off belongs to an MQL, at most one per lead.
    func checkHistories(_ database: Database, leadIds: [Lead.ID]) async throws {
        for id in leadIds {
            let changes = try await database.leads.stageChanges(leadId: id, limit: 1000).reversed()
            var previous: LifecycleStage?
            for change in changes {
                #expect(
                    change.from == previous,
                    "lead \(id): a move from \(change.from?.rawValue ?? "nothing") after \(previous?.rawValue ?? "nothing")")
                #expect(
                    StageTransitions.check(from: change.from, to: change.to, actor: StageActor(stored: change.actor), reason: change.reason)
                        == nil,
                    "lead \(id): \(change.from?.rawValue ?? "-") → \(change.to.rawValue) by \(change.actor) (\(change.reason ?? "no reason"))"
                )
                previous = change.to
            }
            let lead = try #require(try await database.leads.get(id: id))
            #expect(lead.stage == previous)
            let open = try await database.read { db in
                try await db.select().column("id").from("handoffs").where("lead_id", .equal, SQLBind(id))
                    .where("status", .in, SQLBind.group(["open", "unassigned"])).all().count
            }
            #expect(open <= 1, "lead \(id) has \(open) open hand-offs")
            if open == 1 { #expect(lead.stage == .mql, "lead \(id) has an open hand-off at \(lead.stage.rawValue)") }
        }
    }
}
