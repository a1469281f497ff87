import Foundation
import SQLKit
import TandemCore
import TandemDemo
import Testing

@testable import TandemStore

@Suite("Replays outside the write transaction")
struct ScoreReplayQueueTests {
    static let start = 1_790_000_000.0

    func track(_ index: Int, at time: Double, user: String = "u1") -> JSONValue {
        let names = ["Email Opened", "Demo Requested", "Whitepaper Downloaded", "Webinar Attended"]
        return [
            "type": "track", "userId": .string(user), "messageId": .string("\(user)-m\(index)"),
            "event": .string(names[((index % names.count) + names.count) % names.count]), "timestamp": .string(Timestamp.format(time)),
        ]
    }

    @Test(
        "a late event on a long history is queued instead of replayed in the transaction, and the queue's replay is exact",
        arguments: TestEngine.available)
    func lateEventOnLongHistory(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let ingestor = MessageIngestor(database: database)
            let clock = Self.start + 40 * 86_400
            _ = try await ingestor.ingest(
                [
                    [
                        "type": "identify", "userId": "u1", "messageId": "id", "traits": ["email": "ann@acme.example"],
                        "timestamp": .string(Timestamp.format(Self.start - 60)),
                    ]
                ],
                parser: MessageParser(receivedAt: clock), measureSizes: false, writeKeyId: nil)
            let total = LeadScorer.inlineReplayLimit + 100
            for start in stride(from: 0, to: total, by: 500) {
                let batch = (start..<min(start + 500, total)).map { track($0, at: Self.start + 10 * 86_400 + Double($0) * 60) }
                _ = try await ingestor.ingest(batch, parser: MessageParser(receivedAt: clock), measureSizes: false, writeKeyId: nil)
            }
            let lead = try #require(try await database.leads.find(email: "ann@acme.example"))
            #expect(try await database.leadScores.keptState(leadId: lead.id)?.queued == false)

            // Twenty-five days before the rest: out of order.
            _ = try await ingestor.ingest(
                [track(-1, at: Self.start)], parser: MessageParser(receivedAt: clock), measureSizes: false, writeKeyId: nil)
            #expect(try await database.leadScores.keptState(leadId: lead.id)?.queued == true)
            // While queued, an in-order event waits for the replay too.
            _ = try await ingestor.ingest(
                [track(total, at: clock - 60)], parser: MessageParser(receivedAt: clock), measureSizes: false, writeKeyId: nil)
            #expect(try await database.scoreReplays.pending() == 1)

            #expect(try await database.scoreReplays.runNext(clock: ManualClock(clock)) == 1)
            #expect(try await database.scoreReplays.pending() == 0)
            let checked = try await ScoringStoreTests().checkKeptEqualsReplay(database, requireAll: true)
            #expect(checked == 1)
        }
    }

    @Test(
        "history imported in random order is replayed once per lead at the end, and equals a replay",
        arguments: TestEngine.available)
    func randomOrderImport(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            var random = SeededRandom(seed: engine == .sqlite ? 3 : 4)
            var messages: [JSONValue] = (0..<20).map {
                [
                    "type": "identify", "userId": .string("u\($0)"), "messageId": .string("id\($0)"),
                    "traits": ["email": .string("p\($0)@acme.example")], "timestamp": .string(Timestamp.format(Self.start)),
                ]
            }
            var events: [JSONValue] = []
            for person in 0..<20 {
                for index in 0..<30 {
                    events.append(track(index, at: Self.start + Double(index) * 3600 + 1, user: "u\(person)"))
                }
            }
            events.shuffle(using: &random)
            messages += events
            let ingestor = MessageIngestor(database: database)
            let clock = Self.start + 5 * 86_400
            for start in stride(from: 0, to: messages.count, by: 100) {
                let batch = Array(messages[start..<min(start + 100, messages.count)])
                let outcome = try await ingestor.ingest(
                    batch, parser: MessageParser(receivedAt: clock), measureSizes: false, writeKeyId: nil, deferReplays: true)
                #expect(outcome.rejections.isEmpty)
            }
            #expect(try await database.scoreReplays.pending() > 0)
            try await database.scoreReplays.drain(clock: ManualClock(clock))
            #expect(try await database.scoreReplays.pending() == 0)
            #expect(try await ScoringStoreTests().checkKeptEqualsReplay(database, requireAll: true) == 20)
        }
    }
}
