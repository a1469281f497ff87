import Foundation

/// The size limits of the tracking API, as Segment sets them.
public enum TrackingLimits {
    public static let maxRequestBytes = 500 * 1024
    public static let maxMessageBytes = 32 * 1024
    public static let maxBatchMessages = 2500
}

/// Turns one decoded Segment message into a `TrackingMessage`, or says precisely why not.
public struct MessageParser: Sendable {
    /// When the server received the request: the reference for clock-skew correction.
    public let receivedAt: Double
    /// The batch's own `sentAt`, used when a message has none.
    public let batchSentAt: Double?
    /// The batch's shared `context`, merged under each message's own.
    public let batchContext: [String: JSONValue]

    public init(receivedAt: Double, batchSentAt: Double? = nil, batchContext: [String: JSONValue] = [:]) {
        self.receivedAt = receivedAt
        self.batchSentAt = batchSentAt
        self.batchContext = batchContext
    }

    /// Parses `value` as a message of `impliedType` (single endpoints) or of its own `type`.
    public func parse(_ value: JSONValue, impliedType: MessageType? = nil) throws(ValidationError) -> TrackingMessage {
        guard case .object(let members) = value else {
            throw invalid(nil, "a message must be a JSON object")
        }
        guard !value.containsNUL else {
            throw invalid(nil, "the message contains a NUL character (\\u0000), which cannot be stored")
        }
        let type: MessageType
        if let impliedType {
            type = impliedType
        } else {
            guard let rawType = members["type"]?.stringValue else { throw invalid("type", "the message has no 'type'") }
            guard let parsed = MessageType(rawValue: rawType.lowercased()) else {
                throw invalid("type", "unknown type '\(rawType)'; use identify, track, page, screen, group or alias")
            }
            type = parsed
        }
        let userId = try identifier(members["userId"], field: "userId")
        let anonymousId = try identifier(members["anonymousId"], field: "anonymousId")
        guard userId != nil || anonymousId != nil else {
            throw invalid("userId", "\(type.rawValue) needs 'userId' or 'anonymousId'")
        }
        let properties = try object(members["properties"], field: "properties")
        var context = batchContext
        for (key, member) in try object(members["context"], field: "context") { context[key] = member }
        var traits = try object(members["traits"], field: "traits")
        if traits.isEmpty, let contextTraits = context["traits"]?.objectValue { traits = contextTraits }

        var name: String?
        var targetId: String?
        switch type {
        case .track:
            guard let event = members["event"]?.stringValue?.trimmed, !event.isEmpty else {
                throw invalid("event", "track needs 'event'")
            }
            guard event.count <= 200 else { throw invalid("event", "'event' is longer than 200 characters") }
            name = event
        case .page, .screen:
            name = members["name"]?.stringValue
        case .group:
            guard let groupId = try identifier(members["groupId"], field: "groupId") else {
                throw invalid("groupId", "group needs 'groupId'")
            }
            targetId = groupId
        case .alias:
            guard let previousId = try identifier(members["previousId"], field: "previousId") else {
                throw invalid("previousId", "alias needs 'previousId'")
            }
            guard userId != nil else { throw invalid("userId", "alias needs 'userId'") }
            targetId = previousId
        case .identify:
            break
        }

        let timestamp = try time(members["timestamp"], field: "timestamp") ?? receivedAt
        let sentAt = try time(members["sentAt"], field: "sentAt") ?? batchSentAt
        let corrected = sentAt.map { receivedAt - ($0 - timestamp) } ?? timestamp
        guard corrected >= Self.earliestTime, corrected <= receivedAt + Self.allowedFuture else {
            throw invalid(
                "timestamp",
                "'timestamp' falls outside 1990-01-01 … one day from now once corrected by 'sentAt': \(Timestamp.format(corrected))")
        }
        let url = properties["url"]?.stringValue ?? context["page"]?["url"]?.stringValue
        let messageId =
            try identifier(members["messageId"], field: "messageId")
            ?? MessageParser.derivedMessageId(value)
        guard messageId.count <= 200 else { throw invalid("messageId", "'messageId' is longer than 200 characters") }

        return TrackingMessage(
            type: type, messageId: messageId, userId: userId, anonymousId: anonymousId, name: name,
            timestamp: corrected, receivedAt: receivedAt, properties: properties, traits: traits,
            context: context, campaign: CampaignExtractor.campaign(context: context, url: url),
            targetId: targetId, url: url)
    }

    /// 1990-01-01: no marketing touch is older; earlier times are clock or parsing accidents.
    static let earliestTime: Double = 631_152_000
    /// A client clock may run a little ahead; a day is beyond any honest skew.
    static let allowedFuture: Double = TimeSpan.day

    private func invalid(_ field: String?, _ message: String) -> ValidationError {
        ValidationError(code: "invalid_message", field: field, message: message)
    }

    /// Ids may come as strings or numbers; `null` and "" mean absent, as the clients send them.
    private func identifier(_ value: JSONValue?, field: String) throws(ValidationError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            let trimmed = text.trimmed
            guard trimmed.count <= 400 else { throw invalid(field, "'\(field)' is longer than 400 characters") }
            return trimmed.isEmpty ? nil : trimmed
        case .number(let number)?: return JSONValue.format(number)
        default: throw invalid(field, "'\(field)' must be a string")
        }
    }

    private func object(_ value: JSONValue?, field: String) throws(ValidationError) -> [String: JSONValue] {
        switch value {
        case nil, .null?: return [:]
        case .object(let members)?: return members
        default: throw invalid(field, "'\(field)' must be an object")
        }
    }

    private func time(_ value: JSONValue?, field: String) throws(ValidationError) -> Double? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let seconds = Timestamp.parse(text) else {
                throw invalid(field, "'\(field)' is not an ISO-8601 date-time: '\(text.prefix(40))'")
            }
            return seconds
        default: throw invalid(field, "'\(field)' must be an ISO-8601 string")
        }
    }

    /// A message without `messageId` gets one from its content, so a retried copy of it is
    /// still recognised as the same message.
    static func derivedMessageId(_ value: JSONValue) -> String {
        let text = value.jsonText
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second &+ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
        }
        return "derived-" + String(first, radix: 16) + String(second, radix: 16)
    }
}
