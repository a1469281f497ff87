import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("Events, identities and de-duplication")
struct EventStoreTests {
    let parser = MessageParser(receivedAt: 1_795_732_214)

    func ingest(_ database: Database, _ messages: [JSONValue]) async throws -> IngestOutcome {
        try await MessageIngestor(database: database).ingest(messages, parser: parser, measureSizes: true, writeKeyId: nil)
    }

    @Test("a batch sent twice is stored once", arguments: TestEngine.available)
    func deduplicates(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let batch: [JSONValue] = (0..<3).map {
                ["type": "track", "event": "Clicked", "anonymousId": "a", "messageId": .string("m\($0)")]
            }
            let first = try await ingest(database, batch)
            let second = try await ingest(database, batch)
            #expect(
                first.summary
                    == {
                        var s = IngestSummary(); s.stored = 3; return s
                    }())
            #expect(second.summary.stored == 0)
            #expect(second.summary.duplicates == 3)
            #expect(try await database.count("events") == 3)
        }
    }

    @Test("concurrent batches that overlap are each answered, and every message is stored once", arguments: TestEngine.available)
    func concurrentBatches(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let parser = self.parser
            let summaries = try await withThrowingTaskGroup(of: IngestOutcome.self) { group in
                for batch in 0..<20 {
                    group.addTask {
                        let messages: [JSONValue] = (0..<50).map { index in
                            [
                                "type": "track", "event": "Viewed", "anonymousId": "a",
                                "messageId": .string("m\((batch * 17 + index) % 300)"),
                            ]
                        }
                        return try await MessageIngestor(database: database).ingest(
                            messages, parser: parser, measureSizes: false, writeKeyId: nil)
                    }
                }
                return try await group.reduce(into: [IngestSummary]()) { $0.append($1.summary) }
            }
            let unique = Set((0..<20).flatMap { batch in (0..<50).map { (batch * 17 + $0) % 300 } }).count
            #expect(summaries.count == 20)
            #expect(summaries.map(\.stored).reduce(0, +) == unique)
            #expect(summaries.map(\.duplicates).reduce(0, +) == 20 * 50 - unique)
            #expect(try await database.count("events") == unique)
        }
    }

    @Test("events of an anonymous visitor move to the lead on identify, earlier and later ones", arguments: TestEngine.available)
    func anonymousMerge(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            _ = try await ingest(
                database,
                [
                    ["type": "page", "anonymousId": "anon-1", "messageId": "p1", "properties": ["url": "https://acme.io/pricing"]],
                    ["type": "track", "anonymousId": "anon-1", "event": "Whitepaper Downloaded", "messageId": "t1"],
                    ["type": "page", "anonymousId": "anon-2", "messageId": "p2"],
                ])
            #expect(try await database.count("events", where: "lead_id IS NOT NULL") == 0)
            _ = try await ingest(
                database,
                [
                    [
                        "type": "identify", "anonymousId": "anon-1", "userId": "user-9", "messageId": "i1",
                        "traits": ["email": "ann@acme.io", "firstName": "Ann"],
                    ]
                ])
            _ = try await ingest(database, [["type": "track", "anonymousId": "anon-1", "event": "Demo Requested", "messageId": "t2"]])
            _ = try await ingest(database, [["type": "track", "userId": "user-9", "event": "Trial Started", "messageId": "t3"]])
            let lead = try #require(try await database.leads.find(email: "ann@acme.io"))
            #expect(lead.userId == "user-9")
            #expect(lead.firstName == "Ann")
            var filter = EventFilter()
            filter.leadId = lead.id
            let events = try await database.events.query(filter)
            #expect(Set(events.map(\.messageId)) == ["p1", "t1", "i1", "t2", "t3"])
            #expect(try await database.count("events", where: "anonymous_id = 'anon-2' AND lead_id IS NULL") == 1)
        }
    }

    @Test("a lead created with a user id gets that id's events, earlier and later", arguments: TestEngine.available)
    func userIdFromTheAPI(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            _ = try await ingest(database, [["type": "track", "userId": "crm-7", "event": "Logged In", "messageId": "before"]])
            var input = LeadInput(email: try EmailAddress("cy@initech.com"))
            input.userId = "crm-7"
            let lead = try await database.leads.create(input, actor: .apiKey("crm"), now: Date().timeIntervalSince1970)
            _ = try await ingest(database, [["type": "track", "userId": "crm-7", "event": "Logged In", "messageId": "after"]])
            var filter = EventFilter()
            filter.leadId = lead.id
            #expect(Set(try await database.events.query(filter).map(\.messageId)) == ["before", "after"])
        }
    }

    @Test("alias ties a previous id to the user, and group joins an account", arguments: TestEngine.available)
    func aliasAndGroup(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            _ = try await ingest(
                database,
                [
                    ["type": "identify", "userId": "u1", "messageId": "i1", "traits": ["email": "bo@globex.com"]],
                    ["type": "page", "anonymousId": "old-device", "messageId": "p1"],
                    ["type": "alias", "previousId": "old-device", "userId": "u1", "messageId": "a1"],
                    [
                        "type": "group", "userId": "u1", "groupId": "globex-42", "messageId": "g1",
                        "traits": ["name": "Globex", "industry": "Energy", "employees": 1200],
                    ],
                ])
            let lead = try #require(try await database.leads.find(email: "bo@globex.com"))
            #expect(try await database.count("events", where: "message_id = 'p1' AND lead_id = \(lead.id)") == 1)
            let accountId = try #require(lead.accountId)
            let account = try #require(try await database.accounts.get(id: accountId))
            #expect(account.externalId == "globex-42")
            #expect(account.domain == "globex.com")
            #expect(account.industry == "Energy")
            #expect(account.size == 1200)
        }
    }

    @Test("invalid messages are kept with their reasons while the valid ones are stored", arguments: TestEngine.available)
    func rejectedLog(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let outcome = try await ingest(
                database,
                [
                    ["type": "track", "event": "ok", "userId": "u", "messageId": "good"],
                    ["type": "track", "userId": "u", "messageId": "no-event"],
                    ["type": "identify", "userId": "u", "messageId": "bad-email", "traits": ["email": "x@"]],
                    [
                        "type": "track", "event": "big", "userId": "u",
                        "properties": ["blob": .string(String(repeating: "x", count: 40_000))],
                    ],
                ])
            #expect(outcome.summary.stored == 1)
            #expect(outcome.rejections.map(\.index) == [1, 2, 3])
            #expect(outcome.rejections[1].error.field == "traits.email")
            let log = try await database.events.rejected(beforeId: nil, limit: 10)
            #expect(log.count == 3)
            #expect(Set(log.map(\.index)) == [1, 2, 3])
            #expect(log.contains { $0.reason == "track needs 'event'" && $0.payload.contains("no-event") })
        }
    }
}
