/// The kinds of Segment message Tandem accepts.
public enum MessageType: String, Sendable, CaseIterable, Codable {
    case identify, track, page, screen, group, alias
}

/// Campaign fields of a touch, from `context.campaign` or the `utm_*` parameters of its URL.
public struct CampaignTouch: Sendable, Hashable, Codable {
    public var name: String?
    public var source: String?
    public var medium: String?
    public var term: String?
    public var content: String?

    public init(name: String? = nil, source: String? = nil, medium: String? = nil, term: String? = nil, content: String? = nil) {
        self.name = name
        self.source = source
        self.medium = medium
        self.term = term
        self.content = content
    }

    public var isEmpty: Bool { name == nil && source == nil && medium == nil && term == nil && content == nil }
}

/// One validated tracking message, ready to store.
public struct TrackingMessage: Sendable, Hashable {
    public var type: MessageType
    public var messageId: String
    public var userId: String?
    public var anonymousId: String?
    /// `track`'s event name, or the page/screen name.
    public var name: String?
    /// When it happened, corrected for the client's clock skew.
    public var timestamp: Double
    public var receivedAt: Double
    public var properties: [String: JSONValue]
    public var traits: [String: JSONValue]
    public var context: [String: JSONValue]
    public var campaign: CampaignTouch
    /// `group`'s group id or `alias`'s previous id.
    public var targetId: String?
    public var url: String?

    public init(
        type: MessageType, messageId: String, userId: String?, anonymousId: String?, name: String?,
        timestamp: Double, receivedAt: Double, properties: [String: JSONValue] = [:],
        traits: [String: JSONValue] = [:], context: [String: JSONValue] = [:],
        campaign: CampaignTouch = CampaignTouch(), targetId: String? = nil, url: String? = nil
    ) {
        self.type = type
        self.messageId = messageId
        self.userId = userId
        self.anonymousId = anonymousId
        self.name = name
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.properties = properties
        self.traits = traits
        self.context = context
        self.campaign = campaign
        self.targetId = targetId
        self.url = url
    }

    /// The event's display name: `track`'s event, else the type with its page name.
    public var eventName: String {
        switch type {
        case .track: return name ?? "track"
        case .page: return "Page Viewed"
        case .screen: return "Screen Viewed"
        case .identify: return "Identified"
        case .group: return "Grouped"
        case .alias: return "Aliased"
        }
    }
}
