import TandemCore

/// Rows to load in bulk, with their ids chosen by the caller: the demo generator, and later the
/// scale benchmarks. Ids let rows refer to each other before anything is written.
public struct SeedData: Sendable {
    public var users: [SeedUser] = []
    public var accounts: [SeedAccount] = []
    public var leads: [SeedLead] = []
    public var stageChanges: [SeedStageChange] = []
    public var events: [SeedEvent] = []
    public var interviews: [SeedInterview] = []
    public var settings = WorkspaceSettings()

    public init() {}
}

public struct SeedUser: Sendable {
    public var email: String
    public var name: String
    public var role: Role
    public var team: String?
    public var passwordHash: String
    public var createdAt: Double
    public var teamLead: Bool

    public init(
        email: String, name: String, role: Role, team: String?, passwordHash: String, createdAt: Double, teamLead: Bool = false
    ) {
        self.teamLead = teamLead
        self.email = email
        self.name = name
        self.role = role
        self.team = team
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

public struct SeedAccount: Sendable {
    public var id: Int64
    public var domain: String
    public var name: String
    public var industry: String
    public var size: Int
    public var owner: String?
    public var createdAt: Double

    public init(id: Int64, domain: String, name: String, industry: String, size: Int, owner: String?, createdAt: Double) {
        self.id = id
        self.domain = domain
        self.name = name
        self.industry = industry
        self.size = size
        self.owner = owner
        self.createdAt = createdAt
    }
}

public struct SeedLead: Sendable {
    public var lead: Lead
    public init(_ lead: Lead) { self.lead = lead }
}

public struct SeedStageChange: Sendable {
    public var leadId: Lead.ID
    public var change: StageChange
    public init(leadId: Lead.ID, change: StageChange) {
        self.leadId = leadId
        self.change = change
    }
}

public struct SeedEvent: Sendable {
    public var messageId: String
    public var type: MessageType
    public var name: String
    public var leadId: Lead.ID?
    public var userId: String?
    public var anonymousId: String?
    public var occurredAt: Double
    public var url: String?
    public var campaign: CampaignTouch
    public var properties: [String: JSONValue]

    public init(
        messageId: String, type: MessageType, name: String, leadId: Lead.ID?, userId: String?, anonymousId: String?, occurredAt: Double,
        url: String?, campaign: CampaignTouch, properties: [String: JSONValue]
    ) {
        self.messageId = messageId
        self.type = type
        self.name = name
        self.leadId = leadId
        self.userId = userId
        self.anonymousId = anonymousId
        self.occurredAt = occurredAt
        self.url = url
        self.campaign = campaign
        self.properties = properties
    }
}

public struct SeedInterview: Sendable {
    public var leadId: Lead.ID?
    public var accountId: Account.ID?
    public var interviewer: String
    public var conductedAt: Double
    public var title: String
    public var notes: String
    public var tags: [String]

    public init(
        leadId: Lead.ID?, accountId: Account.ID?, interviewer: String, conductedAt: Double, title: String, notes: String, tags: [String]
    ) {
        self.leadId = leadId
        self.accountId = accountId
        self.interviewer = interviewer
        self.conductedAt = conductedAt
        self.title = title
        self.notes = notes
        self.tags = tags
    }
}
