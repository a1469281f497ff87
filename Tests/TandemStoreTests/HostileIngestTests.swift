import Foundation
import SQLKit
import TandemCore
import TandemDemo
import Testing

@testable import TandemStore

/// Random Segment messages filled with hostile values, driven through the whole ingest path
/// on a real database: each must end stored or refused with a reason, and kept scores must
/// still equal a replay of history.
@Suite("Hostile tracking messages")
struct HostileIngestTests {
    static let start = 1_790_000_000.0

    /// Values that once trapped the server or are known to trip parsers.
    static let hostileStrings: [String] = [
        "", " ", "   ", "\t\n\r", "\u{7}\u{1B}[31m", "\u{202E}gnp.exe", "\"\u{301} onfocus=alert(1) x=\"", "😀", "e\u{301}",
        String(repeating: "x", count: 5000), String(repeating: "é", count: 3000), "%", "%zz", "%E0%A4%A", "?#", "#", "?&=&",
        "https://a.example/?#", "https://a.example/?utm_source=%&utm_campaign=+", "javascript:alert(1)", "//evil.example",
        "http://[::1", "https://a.example/?utm_campaign=" + String(repeating: "%41", count: 3000), "1e400", "-9.3e18", "NaN",
        "2024-13-45", "9999-12-31T23:59:59Z", "0000-01-01", "2024-02-30T25:61:61Z", "2026-11-30T10:00:00+99:99",
        "2026-11-30T10:00:00.", "2026-11-30", "<script>alert(1)</script>", "'; DROP TABLE leads; --", "null", "\\", "\u{FEFF}",
    ]

    static let hostileNumbers: [Double] = [0, -1, 0.5, 1e19, -9.3e18, 9.2e18, 1e308, -1e308, .infinity, -.infinity, 1e-320, 42]

    struct Generator {
        var random: SeededRandom

        mutating func string() -> String {
            Int.random(in: 0..<4, using: &random) == 0
                ? ["ann", "bob@acme.io", "Demo Requested", "Page Viewed", "ann@acme.io", "p1"].randomElement(using: &random) ?? ""
                : HostileIngestTests.hostileStrings.randomElement(using: &random) ?? ""
        }

        mutating func scalar() -> JSONValue {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &random))
            case 2: return .number(HostileIngestTests.hostileNumbers.randomElement(using: &random) ?? 0)
            default: return .string(string())
            }
        }

        /// Any JSON, nested up to `depth`, sometimes wide.
        mutating func value(depth: Int) -> JSONValue {
            guard depth > 0, Int.random(in: 0..<3, using: &random) == 0 else { return scalar() }
            let width = Int.random(in: 0..<10, using: &random) == 0 ? 300 : Int.random(in: 0...4, using: &random)
            if Bool.random(using: &random) {
                return .array((0..<width).map { _ in value(depth: depth - 1) })
            }
            var members: [String: JSONValue] = [:]
            for index in 0..<width { members["\(string().prefix(120))\(index)"] = value(depth: depth - 1) }
            return .object(members)
        }

        /// Deep nesting: a chain `depth` objects deep.
        func nested(_ depth: Int) -> JSONValue {
            (0..<depth).reduce(JSONValue.string("bottom")) { inner, _ in .object(["a": inner]) }
        }

        /// A field that is usually of the right kind, often hostile, sometimes of the wrong type.
        mutating func field(_ good: JSONValue) -> JSONValue? {
            switch Int.random(in: 0..<40, using: &random) {
            case 0: return nil
            case 1: return value(depth: 2)
            case 2: return .string(string())
            default: return good
            }
        }

        mutating func message(step: Int) -> JSONValue {
            var members: [String: JSONValue] = [:]
            let types = ["identify", "track", "page", "screen", "group", "alias", "Track", "bogus"]
            let typeValue: JSONValue = .string(types.randomElement(using: &random) ?? "track")
            members["type"] = field(typeValue)
            let person = Int.random(in: 0..<6, using: &random)
            let userIdValue: JSONValue = .string("user-\(person)")
            members["userId"] = field(userIdValue)
            let anonymousIdValue: JSONValue = .string("anon-\(person)")
            members["anonymousId"] = field(anonymousIdValue)
            // A small pool of ids, so duplicates within and across batches are common.
            let messageIdValue: JSONValue = .string("m\(Int.random(in: 0..<(step + 40), using: &random))")
            members["messageId"] = field(messageIdValue)
            let event = ["Demo Requested", "Email Opened", "Newsletter Opened", "Trial Started"].randomElement(using: &random) ?? ""
            let eventValue: JSONValue = .string(event)
            members["event"] = field(eventValue)
            let groupIdValue: JSONValue = .string("g\(person)")
            members["groupId"] = field(groupIdValue)
            let previousIdValue: JSONValue = .string("anon-\(Int.random(in: 0..<6, using: &random))")
            members["previousId"] = field(previousIdValue)
            let day = Double.random(in: -40...1, using: &random) * 86_400
            let timestampValue: JSONValue = .string(Timestamp.format(HostileIngestTests.start + day))
            members["timestamp"] = field(timestampValue)
            if Int.random(in: 0..<8, using: &random) == 0 {
                members["sentAt"] = field(.string(Timestamp.format(HostileIngestTests.start)))
            }
            let url =
                ["https://a.example/pricing?utm_campaign=spring", "https://a.example/?#", string()].randomElement(using: &random) ?? ""
            var properties: [String: JSONValue] = ["url": .string(url)]
            for _ in 0..<Int.random(in: 0...3, using: &random) { properties[string()] = value(depth: 3) }
            let propertiesValue: JSONValue = .object(properties)
            members["properties"] = field(propertiesValue)
            var traits: [String: JSONValue] = [:]
            for key in ["name", "email", "title", "employees", "company", "website", "industry", "firstName", "plan"]
            where Bool.random(using: &random) {
                traits[key] = key == "email" && Bool.random(using: &random) ? .string("p\(person)@acme.example") : value(depth: 2)
            }
            let traitsValue: JSONValue = .object(traits)
            members["traits"] = field(traitsValue)
            var context: [String: JSONValue] = ["page": ["url": .string(string())]]
            if Bool.random(using: &random) { context["campaign"] = value(depth: 2) }
            if Int.random(in: 0..<20, using: &random) == 0 { context["deep"] = nested(Int.random(in: 50...400, using: &random)) }
            let contextValue: JSONValue = .object(context)
            members["context"] = field(contextValue)
            return .object(members)
        }
    }

    @Test("each hostile message is stored or refused with a reason, and kept scores equal a replay", arguments: TestEngine.available)
    func hostileMessages(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            var generator = Generator(random: SeededRandom(seed: engine == .sqlite ? 7 : 8))
            let ingestor = MessageIngestor(database: database)
            var clock = Self.start
            var stored = 0
            for round in 0..<30 {
                clock += 600
                let batch = (0..<20).map { generator.message(step: round * 20 + $0) }
                let outcome = try await ingestor.ingest(
                    batch, parser: MessageParser(receivedAt: clock), measureSizes: true, writeKeyId: nil)
                #expect(outcome.summary.stored + outcome.summary.duplicates + outcome.rejections.count == batch.count)
                for rejection in outcome.rejections {
                    #expect(!rejection.error.message.isEmpty && !rejection.error.code.isEmpty)
                }
                stored += outcome.summary.stored
            }
            #expect(stored > 50, "only \(stored) messages were stored: the generator is too hostile to test storage")
            #expect(try await database.count("events") == stored)
            try await ScoringStoreTests().checkKeptEqualsReplay(database, requireAll: false)
        }
    }

    @Test("a messageId repeated inside one batch is stored, scored and applied once", arguments: TestEngine.available)
    func duplicatesInOneBatch(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let batch: [JSONValue] = [
                ["type": "identify", "userId": "u1", "messageId": "m1", "traits": ["email": "ann@acme.example", "title": "VP Marketing"]],
                ["type": "track", "userId": "u1", "messageId": "m2", "event": "Newsletter Opened"],
                ["type": "track", "userId": "u1", "messageId": "m2", "event": "Demo Requested"],
                ["type": "identify", "userId": "u1", "messageId": "m1", "traits": ["email": "ann@acme.example", "title": "Student"]],
            ]
            let outcome = try await MessageIngestor(database: database).ingest(
                batch, parser: MessageParser(receivedAt: Self.start), measureSizes: false, writeKeyId: nil)
            #expect(outcome.summary.stored == 2)
            #expect(outcome.summary.duplicates == 2)
            let lead = try #require(try await database.leads.find(email: "ann@acme.example"))
            #expect(lead.title == "VP Marketing")
            var filter = EventFilter()
            filter.leadId = lead.id
            let events = try await database.events.query(filter)
            #expect(events.count == 2)
            #expect(events.contains { $0.name == "Newsletter Opened" })
            #expect(!events.contains { $0.name == "Demo Requested" })
            let kept = try #require(try await database.leadScores.keptState(leadId: lead.id))
            #expect(kept.state.score < 50, "the Demo Requested copy must not be scored")
            try await ScoringStoreTests().checkKeptEqualsReplay(database, requireAll: true)
        }
    }

    @Test(
        "a lead keeps at most the attribute bound; later traits are refused in the log and the rest is stored",
        arguments: TestEngine.available
    )
    func attributeBound(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let ingestor = MessageIngestor(database: database)
            for batch in 0..<3 {
                var traits: [String: JSONValue] = ["email": "ann@acme.example"]
                for index in 0..<150 { traits["b\(batch)_\(index)"] = .number(Double(index)) }
                let outcome = try await ingestor.ingest(
                    [["type": "identify", "userId": "u1", "messageId": .string("m\(batch)"), "traits": .object(traits)]],
                    parser: MessageParser(receivedAt: Self.start + Double(batch)), measureSizes: false, writeKeyId: nil)
                #expect(outcome.summary.stored == 1)
                #expect(outcome.rejections.isEmpty)
                #expect(outcome.summary.refusedTraits.count == (batch == 0 ? 0 : 150 - max(0, 200 - 150 * batch)))
            }
            let lead = try #require(try await database.leads.find(email: "ann@acme.example"))
            #expect(lead.attributes.count == AttributeLimits.maxKeysPerLead)
            let logged = try await database.events.rejected(beforeId: nil, limit: 1000)
            #expect(logged.count == 250)
            #expect(logged.allSatisfy { $0.code == "trait_refused" && $0.reason.contains("200 attributes") })
        }
    }
}
