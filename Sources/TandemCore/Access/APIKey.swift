/// What a key may do: a write key only sends events; an API key uses the REST API with a role.
public enum KeyKind: String, Sendable, CaseIterable, Codable {
    case write
    case api
}

/// A stored key, without its secret.
public struct APIKey: Sendable, Hashable, Decodable, Identifiable {
    public typealias ID = EntityID<APIKey>

    public let id: ID
    public let kind: KeyKind
    public let name: String
    public let role: String
    /// The rep a sales key acts for; the key sees that rep's leads only.
    public let ownerEmail: String?
    /// The first characters of the key, so people can tell their keys apart.
    public let prefix: String
    public let createdAt: Double
    /// The web origins (`https://www.acme.io`) whose pages may send with this write key;
    /// empty means any origin, as a website snippet's key is public anyway.
    public var allowedOrigins: [String] = []

    public init(
        id: ID, kind: KeyKind, name: String, role: String, ownerEmail: String?, prefix: String, createdAt: Double,
        allowedOrigins: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.role = role
        self.ownerEmail = ownerEmail
        self.prefix = prefix
        self.createdAt = createdAt
        self.allowedOrigins = allowedOrigins
    }

    /// The names it is stored under: its columns.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, name, role, prefix
        case ownerEmail = "owner_email", createdAt = "created_at", allowedOrigins = "allowed_origins"
    }

    /// The origins are stored as one comma-separated column, which origins cannot contain.
    public init(from decoder: any Decoder) throws {
        let row = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try row.decode(ID.self, forKey: .id), kind: try row.decode(KeyKind.self, forKey: .kind),
            name: try row.decode(String.self, forKey: .name), role: try row.decode(String.self, forKey: .role),
            ownerEmail: try row.decodeIfPresent(String.self, forKey: .ownerEmail), prefix: try row.decode(String.self, forKey: .prefix),
            createdAt: try row.decode(Double.self, forKey: .createdAt),
            allowedOrigins: try row.decode(String.self, forKey: .allowedOrigins).split(separator: ",").map(String.init))
    }

    /// Whether a browser page of `origin` may use this key.
    public func allows(origin: String) -> Bool {
        allowedOrigins.isEmpty || allowedOrigins.contains(origin.lowercased())
    }

    /// What this key may see and do: the same rules as a signed-in person of its role.
    public var viewer: Viewer { Viewer(role: Role(rawValue: role) ?? .sales, ownerEmail: ownerEmail) }
}
