/// A lifecycle event for the outbox: what webhooks subscribed to `topic` receive.
public struct LifecycleEvent: Sendable, Hashable {
    public let topic: WebhookTopic
    public let leadId: Lead.ID?
    public let payload: JSONValue

    public init(_ topic: WebhookTopic, leadId: Lead.ID?, payload: JSONValue) {
        self.topic = topic
        self.leadId = leadId
        self.payload = payload
    }
}

/// The body of a lifecycle event as webhooks deliver it: the lead, its scores, the hand-off
/// and why. One shape for every topic, so a receiver parses one thing.
public struct LifecyclePayload: Sendable, Hashable {
    public var lead: Lead
    public var fit: Double?
    public var engagement: Double?
    public var handOffId: HandOff.ID?
    public var owner: String?
    public var routingReason: String?
    public var dueAt: Double?
    public var at: Double

    public init(
        lead: Lead, fit: Double?, engagement: Double?, handOffId: HandOff.ID?, owner: String?, routingReason: String?, dueAt: Double?,
        at: Double
    ) {
        self.lead = lead
        self.fit = fit
        self.engagement = engagement
        self.handOffId = handOffId
        self.owner = owner
        self.routingReason = routingReason
        self.dueAt = dueAt
        self.at = at
    }

    public func json(reason: String?) -> JSONValue {
        var leadMembers: [String: JSONValue] = ["id": .number(Double(lead.id.rawValue)), "stage": .string(lead.stage.rawValue)]
        for (key, value) in [
            ("email", lead.email), ("first_name", lead.firstName), ("last_name", lead.lastName), ("title", lead.title),
            ("company", lead.company), ("owner", lead.owner),
        ] {
            if let value { leadMembers[key] = .string(value) }
        }
        if let fit { leadMembers["fit"] = .number((fit * 10).rounded() / 10) }
        if let engagement { leadMembers["engagement"] = .number((engagement * 10).rounded() / 10) }
        var members: [String: JSONValue] = ["lead": .object(leadMembers), "occurred_at": .string(Timestamp.format(at))]
        if let handOffId {
            var handOff: [String: JSONValue] = ["id": .number(Double(handOffId.rawValue))]
            if let owner { handOff["owner"] = .string(owner) }
            if let routingReason { handOff["routing_reason"] = .string(routingReason) }
            if let dueAt { handOff["due_at"] = .string(Timestamp.format(dueAt)) }
            members["handoff"] = .object(handOff)
        }
        if let reason { members["reason"] = .string(reason) }
        return .object(members)
    }
}
