/// Why a lead cannot take an email or a user id: another lead holds it. The error names the
/// field, never the other lead, whom the writer may not be allowed to see.
public enum LeadConflict: DomainError, Equatable {
    /// The email is another lead's (an update, or an input whose user id is a third lead's).
    case emailTaken(String)
    /// The user id is another lead's.
    case userIdTaken(String)
    /// A create-only write (the REST `POST /leads`) names a lead that exists.
    case exists(field: String)

    public var kind: FailureKind { .conflict }
    public var code: String { "conflict" }

    public var field: String? {
        switch self {
        case .emailTaken: return "email"
        case .userIdTaken: return "user_id"
        case .exists(let field): return field
        }
    }

    public var message: String {
        switch self {
        case .emailTaken(let email): return "another lead has the email \(email)"
        case .userIdTaken(let userId): return "another lead has the user_id \(userId)"
        case .exists(let field): return "a lead with this \(field) exists already"
        }
    }
}
