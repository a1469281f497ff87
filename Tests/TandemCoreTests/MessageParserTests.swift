import Testing

@testable import TandemCore

@Suite("Segment messages")
struct MessageParserTests {
    let parser = MessageParser(receivedAt: 1_795_732_214)

    @Test("JSON nulls count as absent ids, as the official clients send them")
    func nullsAreAbsent() throws {
        let message = try parser.parse(["type": "track", "event": "Signed Up", "userId": nil, "anonymousId": "a1", "messageId": "m1"])
        #expect(message.userId == nil)
        #expect(message.anonymousId == "a1")
        #expect(message.type == .track)
        #expect(message.eventName == "Signed Up")
    }

    @Test("a message without userId or anonymousId is refused, naming the field")
    func needsAnId() {
        #expect(throws: ValidationError(code: "invalid_message", field: "userId", message: "track needs 'userId' or 'anonymousId'")) {
            try parser.parse(["type": "track", "event": "x", "userId": nil, "anonymousId": nil])
        }
    }

    @Test("type-specific required fields are enforced")
    func requiredFields() {
        #expect(throws: ValidationError.self) { try parser.parse(["type": "track", "userId": "u"]) }
        #expect(throws: ValidationError.self) { try parser.parse(["type": "group", "userId": "u"]) }
        #expect(throws: ValidationError.self) { try parser.parse(["type": "alias", "userId": "u"]) }
        #expect(throws: ValidationError.self) { try parser.parse(["type": "banana", "userId": "u"]) }
        #expect(throws: ValidationError.self) { try parser.parse(["type": "page", "userId": "u", "timestamp": "soon"]) }
        #expect(throws: ValidationError.self) { try parser.parse(["type": "page", "userId": "u", "properties": "x"]) }
        #expect(throws: ValidationError.self) { try parser.parse("not an object") }
        #expect(throws: ValidationError.self) { try parser.parse(["type": "track", "userId": "u", "event": "a\u{0}b"]) }
        #expect(throws: ValidationError.self) {
            try parser.parse(["type": "track", "userId": "u", "event": "e", "properties": ["k": ["x\u{0}": 1]]])
        }
    }

    @Test("clock skew: stored time = received − (sentAt − timestamp)")
    func clockSkew() throws {
        // The client's clock is 1 hour fast: it says the event happened at 11:00 and was sent at 11:00:05.
        let batch = MessageParser(receivedAt: 1_795_732_214, batchSentAt: Timestamp.parse("2026-01-01T11:00:05Z"))
        let message = try batch.parse(["type": "track", "event": "x", "userId": "u", "timestamp": "2026-01-01T11:00:00Z"])
        #expect(message.timestamp == 1_795_732_214 - 5)
        let noSentAt = try parser.parse(["type": "track", "event": "x", "userId": "u", "timestamp": "2026-01-01T11:00:00Z"])
        #expect(noSentAt.timestamp == Timestamp.parse("2026-01-01T11:00:00Z"))
        let skewed = MessageParser(receivedAt: 1_800_000_000, batchSentAt: Timestamp.parse("9999-01-01T00:00:00Z"))
        #expect(throws: ValidationError.self) {
            try skewed.parse(["type": "track", "event": "x", "userId": "u", "timestamp": "0001-01-01T00:00:00Z"])
        }
        let future = MessageParser(receivedAt: 1_800_000_000)
        #expect(throws: ValidationError.self) {
            try future.parse(["type": "track", "event": "x", "userId": "u", "timestamp": "2030-01-01T00:00:00Z"])
        }
        let noTimestamp = try parser.parse(["type": "track", "event": "x", "userId": "u"])
        #expect(noTimestamp.timestamp == 1_795_732_214)
    }

    @Test("campaign comes from context.campaign, else from utm_* in the page URL")
    func campaign() throws {
        let fromContext = try parser.parse([
            "type": "page", "anonymousId": "a", "context": ["campaign": ["name": "Spring", "source": "google", "medium": "cpc"]],
            "properties": ["url": "https://x.io/?utm_campaign=other"],
        ])
        #expect(fromContext.campaign == CampaignTouch(name: "Spring", source: "google", medium: "cpc"))
        let fromURL = try parser.parse([
            "type": "page", "anonymousId": "a",
            "context": [
                "page": [
                    "url": "https://x.io/pricing?utm_source=linkedin&utm_medium=social&utm_campaign=launch&utm_term=crm&utm_content=v2"
                ]
            ],
        ])
        #expect(fromURL.campaign == CampaignTouch(name: "launch", source: "linkedin", medium: "social", term: "crm", content: "v2"))
        #expect(fromURL.url?.hasSuffix("utm_content=v2") == true)
        let encoded = try parser.parse([
            "type": "page", "anonymousId": "a",
            "properties": ["url": "https://x.io/p?UTM_Campaign=Spring+Sale%202026&utm_source=&x=1#utm_medium=no"],
        ])
        #expect(encoded.campaign == CampaignTouch(name: "Spring Sale 2026"))
    }

    @Test("a missing messageId is derived from the content, so a retried copy is the same message")
    func derivedMessageId() throws {
        let first = try parser.parse(["type": "track", "event": "x", "userId": "u", "timestamp": "2026-01-01T00:00:00Z"])
        let again = try parser.parse(["type": "track", "event": "x", "userId": "u", "timestamp": "2026-01-01T00:00:00Z"])
        let other = try parser.parse(["type": "track", "event": "y", "userId": "u", "timestamp": "2026-01-01T00:00:00Z"])
        #expect(first.messageId == again.messageId)
        #expect(first.messageId != other.messageId)
    }

    @Test("identify traits become lead fields; Rudder's context.traits are read too")
    func identifyTraits() throws {
        let message = try parser.parse([
            "type": "identify", "userId": "u1",
            "context": [
                "traits": ["email": "Ann@Acme.io", "name": "Ann Lee", "company": ["name": "Acme", "employee_count": 250], "plan": "pro"]
            ],
        ])
        let input = try IdentifyTraits.leadInput(userId: message.userId, traits: message.traits)
        #expect(input.email?.normalized == "ann@acme.io")
        #expect(input.fields[.firstName] == "Ann")
        #expect(input.fields[.lastName] == "Lee")
        #expect(input.fields[.company] == "Acme")
        #expect(input.companySize == .some(250))
        #expect(input.attributes["plan"] == "pro")
        #expect(throws: ValidationError.self) { try IdentifyTraits.leadInput(userId: "u", traits: ["email": "nope"]) }
    }
}
