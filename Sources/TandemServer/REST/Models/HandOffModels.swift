import TandemCore
import TandemStore

/// A hand-off of a lead to sales, with its SLA and speed to lead.
struct HandOffDTO: APIModel {
    let id: HandOff.ID
    let leadId: Lead.ID
    let owner: String?
    let status: HandOffStatus
    let routingReason: String
    let assignedAt, dueAt: APITime?
    /// Breached, or still open past its due time.
    let overdue: Bool
    let breachedAt, firstTouchAt, respondedAt: APITime?
    let speedToLeadSeconds: Double?
    let reasonCode, comment: String?
    let callNowAt: APITime?

    static var schemaName: String { "HandOff" }

    init(_ handOff: HandOff, now: Double) {
        id = handOff.id
        leadId = handOff.leadId
        owner = handOff.owner
        status = handOff.status
        routingReason = handOff.routingReason
        assignedAt = APITime(handOff.assignedAt)
        dueAt = APITime(handOff.dueAt)
        overdue = handOff.breachedAt != nil || (handOff.isOpen && (handOff.dueAt ?? .infinity) < now)
        breachedAt = APITime(handOff.breachedAt)
        firstTouchAt = APITime(handOff.firstTouchAt)
        respondedAt = APITime(handOff.respondedAt)
        speedToLeadSeconds = handOff.firstTouchAt.flatMap { touch in handOff.assignedAt.map { touch - $0 } }
        reasonCode = handOff.reasonCode
        comment = handOff.comment
        callNowAt = APITime(handOff.callNowAt)
    }
}

/// One open hand-off in a rep's inbox: the lead, why it is urgent, and what it did lately.
struct InboxItemDTO: APIModel {
    struct Activity: Codable, Sendable {
        let name: String
        let type: MessageType
        let at: APITime
        let url: String?
    }

    let handoff: HandOffDTO
    let lead: LeadDTO
    let secondsLeft: Double?
    let callNow: Bool
    let urgency: Double
    let score: ScoreExplanationDTO
    let latestActivity: [Activity]

    static var schemaName: String { "InboxItem" }

    init(_ item: InboxItem, explanation: ScoreExplanation, now: Double) {
        handoff = HandOffDTO(item.handOff, now: now)
        lead = LeadDTO(item.lead)
        secondsLeft = item.secondsLeft.map { $0.rounded() }
        callNow = item.score.callNow
        urgency = (item.urgency * 100).rounded() / 100
        score = ScoreExplanationDTO(explanation, leadId: item.lead.id)
        latestActivity = item.latestActivity.map { Activity(name: $0.name, type: $0.type, at: APITime($0.occurredAt), url: $0.url) }
    }
}

/// The inbox: the most urgent open hand-offs, and how many are open in all.
struct InboxDTO: Codable, Sendable {
    let data: [InboxItemDTO]
    let total: Int
}

/// Why sales refuses a hand-off; `not_ready_yet` and `no_budget` send the lead back to nurture.
struct RejectRequest: APIModel {
    let reason: RejectionReason
    let comment: String?
}
