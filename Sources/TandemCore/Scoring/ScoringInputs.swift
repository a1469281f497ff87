import Foundation

/// What fit rules read: the lead and, when it has one, its account.
public struct FitSubject: Sendable, Hashable {
    public var lead: Lead
    public var accountName: String?
    public var accountIndustry: String?
    public var accountSize: Int?

    public init(lead: Lead, accountName: String? = nil, accountIndustry: String? = nil, accountSize: Int? = nil) {
        self.lead = lead
        self.accountName = accountName
        self.accountIndustry = accountIndustry
        self.accountSize = accountSize
    }

    /// The value of a fit field, `nil` when the lead does not have it.
    func value(of field: String) -> JSONValue? {
        func text(_ value: String?) -> JSONValue? { value.map(JSONValue.string) }
        switch field {
        case "title": return text(lead.title)
        case "seniority": return text(Seniority.of(title: lead.title)?.rawValue)
        case "industry": return text(lead.industry ?? accountIndustry)
        case "country": return text(lead.country)
        case "source": return text(lead.source)
        case "company": return text(lead.company ?? accountName)
        case "persona": return lead.attributes["persona"]
        case "email_domain": return text(lead.email.flatMap { $0.split(separator: "@").last.map { $0.lowercased() } })
        case "company_size": return (lead.companySize ?? accountSize).map { .number(Double($0)) }
        case "free_mail":
            guard let email = lead.email, let domain = email.split(separator: "@").last else { return nil }
            return .bool(FreeMailDomains.contains(domain.lowercased()))
        case "account.name": return text(accountName)
        case "account.industry": return text(accountIndustry)
        case "account.size": return accountSize.map { .number(Double($0)) }
        default:
            if field.hasPrefix(ScoringFields.fitPrefix) { return lead.attributes[String(field.dropFirst(ScoringFields.fitPrefix.count))] }
            return nil
        }
    }
}

/// What engagement rules read of an event.
public struct ScoringEvent: Sendable, Hashable {
    public var id: Int64
    public var type: MessageType
    public var name: String
    public var occurredAt: Double
    public var url: String?
    public var campaign: CampaignTouch
    public var properties: [String: JSONValue]

    public init(
        id: Int64, type: MessageType, name: String, occurredAt: Double, url: String? = nil, campaign: CampaignTouch = CampaignTouch(),
        properties: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.occurredAt = occurredAt
        self.url = url
        self.campaign = campaign
        self.properties = properties
    }

    /// Events are scored in this order, on every path: (time, then arrival).
    public func precedes(_ other: ScoringEvent) -> Bool {
        (occurredAt, id) < (other.occurredAt, other.id)
    }

    func value(of field: String) -> JSONValue? {
        switch field {
        // The URL column only (never a property), so replaying stored events, which need not
        // parse their properties, reads exactly what live scoring read.
        case "url": return url.map(JSONValue.string)
        case "path": return url.flatMap { URLComponents(string: $0) }.map { .string($0.path) }
        case "campaign.name": return campaign.name.map(JSONValue.string)
        case "campaign.source": return campaign.source.map(JSONValue.string)
        case "campaign.medium": return campaign.medium.map(JSONValue.string)
        default:
            if field.hasPrefix(ScoringFields.eventPrefix) {
                return properties[String(field.dropFirst(ScoringFields.eventPrefix.count))]
            }
            return nil
        }
    }
}
