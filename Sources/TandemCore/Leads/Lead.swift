/// A person marketing and sales work on; unique by email (case-insensitive) or by the
/// `userId` a tracked app knows them by.
public struct Lead: Sendable, Hashable, Codable, Identifiable {
    public typealias ID = EntityID<Lead>

    public var id: ID
    public var email: String?
    public var userId: String?
    public var firstName: String?
    public var lastName: String?
    public var title: String?
    public var company: String?
    public var phone: String?
    public var country: String?
    public var industry: String?
    public var companySize: Int?
    public var source: String?
    public var owner: String?
    public var stage: LifecycleStage
    public var accountId: Account.ID?
    public var attributes: [String: JSONValue]
    public var createdAt: Double
    public var updatedAt: Double

    public init(
        id: ID, email: String?, userId: String?, firstName: String? = nil, lastName: String? = nil,
        title: String? = nil, company: String? = nil, phone: String? = nil, country: String? = nil,
        industry: String? = nil, companySize: Int? = nil, source: String? = nil, owner: String? = nil,
        stage: LifecycleStage, accountId: Account.ID? = nil, attributes: [String: JSONValue] = [:],
        createdAt: Double, updatedAt: Double
    ) {
        self.id = id
        self.email = email
        self.userId = userId
        self.firstName = firstName
        self.lastName = lastName
        self.title = title
        self.company = company
        self.phone = phone
        self.country = country
        self.industry = industry
        self.companySize = companySize
        self.source = source
        self.owner = owner
        self.stage = stage
        self.accountId = accountId
        self.attributes = attributes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The standard fields of a lead, by the names the API, imports and filters use.
public enum LeadField: String, Sendable, CaseIterable, Codable {
    case email
    case userId = "user_id"
    case firstName = "first_name"
    case lastName = "last_name"
    case title
    case company
    case phone
    case country
    case industry
    case companySize = "company_size"
    case source
    case owner
    case stage
}

extension Lead {
    /// The lead's name, or its email, or its user id, whichever it has: how pages, notifications
    /// and messages name a person.
    public var displayName: String {
        let name = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
        if !name.isEmpty { return name }
        return email ?? userId ?? "Lead \(id)"
    }

    /// The name with the company, for messages read out of context: "Kim Lee (BigCo)".
    public var displayNameWithCompany: String {
        company.map { "\(displayName) (\($0))" } ?? displayName
    }
}
