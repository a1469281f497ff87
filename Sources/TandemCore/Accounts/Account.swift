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
}
