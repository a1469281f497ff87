import TandemCore

/// An event as stored: one touch of a person.
public struct StoredEvent: Sendable, Hashable, Identifiable {
    public typealias ID = EntityID<StoredEvent>

    public let id: ID
    public let messageId: String
    public let type: MessageType
    public let name: String
    public let leadId: Lead.ID?
    public let userId: String?
    public let anonymousId: String?
    public let occurredAt: Double
    public let receivedAt: Double
    public let url: String?
    public let campaign: CampaignTouch
    public let properties: [String: JSONValue]
    public let context: [String: JSONValue]
}

/// Filters of the event query; all optional, combined with AND.
public struct EventFilter: Sendable, Hashable, KeysetFilter {
    public var leadId: Lead.ID?
    public var userId: String?
    public var anonymousId: String?
    public var type: MessageType?
    public var name: String?
    public var campaign: String?
    public var since: Double?
    public var until: Double?
    public var messageId: String?
    /// Cursor: the last id of the previous page.
    public var afterId: StoredEvent.ID?
    public var limit = 100
    /// Newest first by time (timelines) instead of id order (paging, exports).
    public var newestFirst = false

    public init() {}
}

/// What one ingest call stored.
public struct IngestSummary: Sendable, Equatable {
    public var stored = 0
    public var duplicates = 0
    /// Traits of stored messages that were left out, by the message's index in the batch.
    public var refusedTraits: [MessageRejection] = []
    /// Stored identifies and aliases whose change to the lead was refused (their traits name a
    /// person another lead already is), by the message's index in the batch.
    public var identityConflicts: [MessageRejection] = []
    public init() {}
}

/// A tracking message refused, kept with its reason for admins to read.
public struct RejectedMessage: Sendable, Hashable {
    public let id: Int64
    public let receivedAt: Double
    public let writeKeyId: APIKey.ID?
    public let index: Int?
    public let code: String
    public let field: String?
    public let reason: String
    public let payload: String

    public init(
        id: Int64 = 0, receivedAt: Double, writeKeyId: APIKey.ID?, index: Int?, code: String, field: String?, reason: String,
        payload: String
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.writeKeyId = writeKeyId
        self.index = index
        self.code = code
        self.field = field
        self.reason = reason
        self.payload = payload
    }
}
