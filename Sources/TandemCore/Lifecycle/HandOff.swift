/// A hand-off as stored: who got the lead, why, and how sales answered.
public struct HandOff: Sendable, Hashable, Decodable, Identifiable {
    public typealias ID = EntityID<HandOff>

    public let id: ID
    public let leadId: Lead.ID
    public let owner: String?
    public let status: HandOffStatus
    public let routingReason: String
    public let fit: Double
    public let engagement: Double
    public let createdAt: Double
    public let assignedAt: Double?
    public let dueAt: Double?
    public let reassignAt: Double?
    public let breachedAt: Double?
    public let firstTouchAt: Double?
    public let respondedAt: Double?
    public let reasonCode: String?
    public let comment: String?
    public let callNowAt: Double?

    public init(
        id: ID, leadId: Lead.ID, owner: String?, status: HandOffStatus, routingReason: String, fit: Double, engagement: Double,
        createdAt: Double, assignedAt: Double?, dueAt: Double?, reassignAt: Double?, breachedAt: Double?, firstTouchAt: Double?,
        respondedAt: Double?, reasonCode: String?, comment: String?, callNowAt: Double?
    ) {
        self.id = id
        self.leadId = leadId
        self.owner = owner
        self.status = status
        self.routingReason = routingReason
        self.fit = fit
        self.engagement = engagement
        self.createdAt = createdAt
        self.assignedAt = assignedAt
        self.dueAt = dueAt
        self.reassignAt = reassignAt
        self.breachedAt = breachedAt
        self.firstTouchAt = firstTouchAt
        self.respondedAt = respondedAt
        self.reasonCode = reasonCode
        self.comment = comment
        self.callNowAt = callNowAt
    }

    public var isOpen: Bool { status.isWaiting }

    /// The names it is stored under: its columns.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, owner, status, fit, engagement, comment
        case leadId = "lead_id", routingReason = "routing_reason", createdAt = "created_at", assignedAt = "assigned_at"
        case dueAt = "due_at", reassignAt = "reassign_at", breachedAt = "breached_at", firstTouchAt = "first_touch_at"
        case respondedAt = "responded_at", reasonCode = "reason_code", callNowAt = "call_now_at"
    }
}
