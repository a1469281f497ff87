import TandemCore
import TandemStore

/// A lead as the REST API shows it.
struct LeadDTO: APIModel {
    let id: Lead.ID
    let email, userId, firstName, lastName, title, company, phone, country, industry: String?
    let companySize: Int?
    let source, owner: String?
    let stage: LifecycleStage
    let accountId: Account.ID?
    let attributes: [String: JSONValue]
    let createdAt, updatedAt: APITime

    init(_ lead: Lead) {
        id = lead.id
        email = lead.email
        userId = lead.userId
        firstName = lead.firstName
        lastName = lead.lastName
        title = lead.title
        company = lead.company
        phone = lead.phone
        country = lead.country
        industry = lead.industry
        companySize = lead.companySize
        source = lead.source
        owner = lead.owner
        stage = lead.stage
        accountId = lead.accountId
        attributes = lead.attributes
        createdAt = APITime(lead.createdAt)
        updatedAt = APITime(lead.updatedAt)
    }
}

/// A company that leads belong to.
struct AccountDTO: APIModel {
    let id: Account.ID
    let domain, externalId, name, industry: String?
    let size: Int64?
    let owner: String?
    let leadCount: Int64
    let createdAt, updatedAt: APITime

    init(_ account: Account) {
        id = account.id
        domain = account.domain
        externalId = account.externalId
        name = account.name
        industry = account.industry
        size = account.size
        owner = account.owner
        leadCount = account.leadCount
        createdAt = APITime(account.createdAt)
        updatedAt = APITime(account.updatedAt)
    }
}

/// A stored tracking event.
struct EventDTO: APIModel {
    let id: StoredEvent.ID
    let messageId: String
    let type: MessageType
    let name: String
    let leadId: Lead.ID?
    let userId, anonymousId: String?
    let timestamp, receivedAt: APITime
    let url: String?
    /// The UTM values, `null` when the event had none.
    let campaign: CampaignDTO?
    let properties, context: [String: JSONValue]

    init(_ event: StoredEvent) {
        id = event.id
        messageId = event.messageId
        type = event.type
        name = event.name
        leadId = event.leadId
        userId = event.userId
        anonymousId = event.anonymousId
        timestamp = APITime(event.occurredAt)
        receivedAt = APITime(event.receivedAt)
        url = event.url
        campaign = event.campaign.isEmpty ? nil : CampaignDTO(event.campaign)
        properties = event.properties
        context = event.context
    }
}

/// An event's UTM values: only those it carried.
struct CampaignDTO: APIModel {
    @OmittedWhenNil var name: String?
    @OmittedWhenNil var source: String?
    @OmittedWhenNil var medium: String?
    @OmittedWhenNil var term: String?
    @OmittedWhenNil var content: String?

    init(_ campaign: CampaignTouch) {
        name = campaign.name
        source = campaign.source
        medium = campaign.medium
        term = campaign.term
        content = campaign.content
    }
}

/// One change of a lead's lifecycle stage.
struct StageChangeDTO: APIModel {
    let id: Int64
    let leadId: Lead.ID
    let from: LifecycleStage?
    let to: LifecycleStage
    let at: APITime
    let actor: String
    let reason: String?

    init(_ change: StoredStageChange) {
        id = change.id
        leadId = change.leadId
        from = change.from
        to = change.to
        at = APITime(change.changedAt)
        actor = change.actor
        reason = change.reason
    }
}

/// One entry of a lead's timeline: an event, a sales activity or a stage change, named by
/// `kind`.
struct TimelineEntryDTO: APIModel {
    enum Kind: String, Codable, Sendable, CaseIterable, DocumentedEnum {
        case event
        case activity
        case stageChange = "stage_change"
    }

    let kind: Kind
    let at: APITime
    let event: EventDTO?
    let activity: SalesActivityDTO?
    let stageChange: StageChangeDTO?

    init(_ entry: TimelineEntry) {
        switch entry {
        case .event(let stored):
            (kind, at, event, activity, stageChange) = (.event, APITime(stored.occurredAt), EventDTO(stored), nil, nil)
        case .activity(let logged):
            (kind, at, event, activity, stageChange) = (.activity, APITime(logged.occurredAt), nil, SalesActivityDTO(logged), nil)
        case .stageChange(let change):
            (kind, at, event, activity, stageChange) = (.stageChange, APITime(change.changedAt), nil, nil, StageChangeDTO(change))
        }
    }
}

/// A tracking message that was refused, with the reason.
struct RejectedMessageDTO: APIModel {
    let id: Int64
    let receivedAt: APITime
    let writeKeyId: APIKey.ID?
    let index: Int?
    let code: String
    let field: String?
    let reason: String
    /// The message as it was sent, possibly cut short.
    let payload: String

    init(_ message: RejectedMessage) {
        id = message.id
        receivedAt = APITime(message.receivedAt)
        writeKeyId = message.writeKeyId
        index = message.index
        code = message.code
        field = message.field
        reason = message.reason
        payload = message.payload
    }
}
