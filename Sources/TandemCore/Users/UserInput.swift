/// A person who signs in to Tandem.
public struct User: Sendable, Hashable, Decodable, Identifiable {
    public typealias ID = EntityID<User>

    public let id: ID
    public var email: String
    public var name: String
    public var role: Role
    /// The team the person belongs to, such as "EMEA Sales"; free text.
    public var team: String?
    /// A disabled user cannot sign in; their history stays.
    public var disabled: Bool
    public let createdAt: Double
    /// The zone this person reads times in (an IANA name); nil for the workspace's.
    public var timeZone: String?
    /// Leads their team: a sales team lead moves their team's hand-offs between its reps
    /// (`mayReassign`). Meaningless without a team.
    public var teamLead: Bool

    public init(
        id: ID, email: String, name: String, role: Role, team: String?, disabled: Bool, createdAt: Double, timeZone: String? = nil,
        teamLead: Bool = false
    ) {
        self.timeZone = timeZone
        self.teamLead = teamLead
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.team = team
        self.disabled = disabled
        self.createdAt = createdAt
    }

    /// The names it is stored under: its columns.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, email, name, role, team, disabled
        case createdAt = "created_at", timeZone = "time_zone", teamLead = "team_lead"
    }

    /// What this user may see and do.
    public var viewer: Viewer { Viewer(role: role, ownerEmail: email) }
}

/// A new user as typed in a form or on the command line, validated field by field.
public struct UserInput: Sendable, Hashable {
    public let email: EmailAddress
    public let name: String
    public let role: Role
    public let team: String?

    /// Validates every field and throws all problems at once, so a form can show each beside its field.
    public init(email: String, name: String, role: String, team: String?) throws(ValidationErrors) {
        var errors: [ValidationError] = []
        var parsedEmail: EmailAddress?
        do { parsedEmail = try EmailAddress(email) } catch let error as ValidationError { errors.append(error) } catch {}
        let trimmedName = name.trimmed
        if trimmedName.isEmpty {
            errors.append(ValidationError(code: "missing_field", field: "name", message: "name is required"))
        } else if trimmedName.count > 200 {
            errors.append(ValidationError(code: "too_long", field: "name", message: "name is longer than 200 characters"))
        }
        var parsedRole: Role?
        do { parsedRole = try Role.parse(role) } catch let error as ValidationError { errors.append(error) } catch {}
        let trimmedTeam = team?.trimmed ?? ""
        if trimmedTeam.count > 100 {
            errors.append(ValidationError(code: "too_long", field: "team", message: "team is longer than 100 characters"))
        }
        guard errors.isEmpty, let parsedEmail, let parsedRole else { throw ValidationErrors(errors) }
        self.email = parsedEmail
        self.name = trimmedName
        self.role = parsedRole
        self.team = trimmedTeam.isEmpty ? nil : trimmedTeam
    }
}

/// The rules a new password must meet. Length beats composition rules (NIST SP 800-63B).
public enum PasswordPolicy {
    public static let minimumLength = 10
    /// bcrypt reads only the first 72 bytes; a longer password would silently lose its tail.
    public static let maximumBytes = 72

    /// Throws a `ValidationError` on `field` when `password` is too short or too long.
    public static func check(_ password: String, field: String = "password") throws(ValidationError) {
        if password.count < minimumLength {
            throw ValidationError(
                code: "weak_password", field: field, message: "the password needs at least \(minimumLength) characters")
        }
        if password.utf8.count > maximumBytes {
            throw ValidationError(code: "too_long", field: field, message: "the password is longer than \(maximumBytes) bytes")
        }
    }
}
