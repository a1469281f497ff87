/// What a person or an API key is for. Each role sees what its team needs and no more.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Manages users, keys and settings; sees everything.
    case admin
    /// Works one-to-many: sees every lead, account and campaign, imports lists.
    case marketing
    /// Works one-to-one: sees the leads they own and the shared dashboards.
    case sales

    public var description: String { rawValue }

    /// The role's name as the pages show it.
    public var label: String {
        switch self {
        case .admin: return "Admin"
        case .marketing: return "Marketing"
        case .sales: return "Sales"
        }
    }

    /// Parses a role, saying which ones exist when `text` is none of them.
    public static func parse(_ text: String, field: String = "role") throws -> Role {
        guard let role = Role(rawValue: text.trimmed.lowercased()) else {
            throw ValidationError(
                code: "invalid_value", field: field,
                message: "role must be one of \(allCases.map(\.rawValue).joined(separator: ", ")), not '\(text.trimmed)'")
        }
        return role
    }
}
