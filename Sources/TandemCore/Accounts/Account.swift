/// A company, joined by its leads' email domain or by a `group` call.
public struct Account: Sendable, Hashable, Codable, Identifiable {
    public typealias ID = EntityID<Account>

    public let id: ID
    public let domain: String?
    public let externalId: String?
    public let name: String?
    public let industry: String?
    public let size: Int64?
    public let owner: String?
    public let leadCount: Int64
    public let createdAt: Double
    public let updatedAt: Double

    /// The names it is stored and read under: its columns (`lead_count` is counted by the query).
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, domain, name, industry, size, owner
        case externalId = "external_id", leadCount = "lead_count", createdAt = "created_at", updatedAt = "updated_at"
    }
}
