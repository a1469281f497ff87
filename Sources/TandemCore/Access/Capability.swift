/// Something a role may do. Every route asks for one, so the rules of who-may-what live here
/// and nowhere else.
public enum Capability: String, Sendable, Hashable, CaseIterable {
    /// Read every lead, not only one's own.
    case readAllLeads
    /// Change a lead's fields or stage (sales: only their own leads).
    case editLeads
    /// Import leads or events from files.
    case importData
    /// Read the raw event stream and the accounts' activity.
    case readEvents
    /// Create, change and disable users.
    case manageUsers
    /// Create and revoke API keys and write keys.
    case manageKeys
    /// Change the workspace settings.
    case manageSettings
    /// Read the audit log and the rejected-message log.
    case readAuditLog
    /// Change the scoring model (the rules both teams read).
    case editScoring
    /// Accept or reject the hand-offs one was given.
    case answerHandOffs
    /// Change the SLA, business hours, territories and reps' routing settings.
    case manageRouting
    /// Create and stop webhooks, read their delivery logs.
    case manageWebhooks
    /// Log calls, emails, meetings and notes on leads (sales: on their own leads).
    case logActivities
    /// Download leads as CSV from the web app (a list's view or a selection).
    case exportData
}

extension Role {
    /// Whether this role has `capability`.
    public func can(_ capability: Capability) -> Bool {
        switch (self, capability) {
        case (.admin, _): return true
        case (.marketing, .readAllLeads), (.marketing, .editLeads), (.marketing, .importData), (.marketing, .readEvents),
            (.marketing, .editScoring), (.marketing, .exportData):
            return true
        case (.sales, .editLeads), (.sales, .answerHandOffs), (.sales, .logActivities): return true
        default: return false
        }
    }

    /// The roles that have `capability`, for error messages.
    public static func having(_ capability: Capability) -> [Role] {
        allCases.filter { $0.can(capability) }
    }
}

/// Who is asking and which leads they may see: a signed-in person or an API key acting for one.
public struct Viewer: Sendable, Hashable {
    public let role: Role
    /// The email that owns leads for this viewer; leads are assigned by their owner's email.
    public let ownerEmail: String?

    public init(role: Role, ownerEmail: String?) {
        self.role = role
        self.ownerEmail = ownerEmail
    }

    /// Which leads this viewer may see.
    public var leadScope: LeadScope {
        if role.can(.readAllLeads) { return .all }
        return .ownedBy(ownerEmail?.lowercased() ?? "")
    }

    /// Whether this viewer may see `lead`.
    public func maySee(_ lead: Lead) -> Bool {
        switch leadScope {
        case .all: return true
        case .ownedBy(let email): return !email.isEmpty && lead.owner?.lowercased() == email
        }
    }
}

/// The leads a viewer may see.
public enum LeadScope: Sendable, Hashable {
    case all
    /// Only leads whose owner is this (lower-cased) email.
    case ownedBy(String)
}
