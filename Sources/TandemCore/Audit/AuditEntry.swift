/// One change someone made, kept so admins can answer "who changed this, and when?".
public struct AuditEntry: Sendable, Hashable, Codable {
    /// Who acted, as `user:EMAIL`, `api_key:NAME` or `cli`.
    public let actor: String
    /// What happened, as `area.verb`: `user.created`, `key.revoked`, `lead.stage_changed`.
    public let action: String
    /// The kind of thing changed: `user`, `key`, `lead`, `setting`.
    public let subjectType: String
    public let subjectId: String?
    /// One sentence a person reads in the log.
    public let summary: String
    /// Where the change came from (the client's address), when over HTTP.
    public let ip: String?

    /// The names it is stored under: its columns.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case actor, action, summary, ip
        case subjectType = "subject_type", subjectId = "subject_id"
    }

    public init(actor: String, action: String, subjectType: String, subjectId: String?, summary: String, ip: String? = nil) {
        self.actor = actor
        self.action = action
        self.subjectType = subjectType
        self.subjectId = subjectId
        self.summary = summary
        self.ip = ip
    }
}

/// Who is acting, for the audit log and for stage changes.
public struct Actor: Sendable, Hashable {
    /// As the audit log spells it: `user:EMAIL`, `api_key:NAME`, `cli`.
    public let name: String
    public let ip: String?

    public init(name: String, ip: String? = nil) {
        self.name = name
        self.ip = ip
    }

    public static func user(_ email: String, ip: String? = nil) -> Actor { Actor(name: "user:\(email)", ip: ip) }
    public static func apiKey(_ name: String, ip: String? = nil) -> Actor { Actor(name: "api_key:\(name)", ip: ip) }
    /// The command line, run by whoever has the database.
    public static let commandLine = Actor(name: "cli")
    /// The first-visit set-up page, before anyone exists to act.
    public static func setup(ip: String?) -> Actor { Actor(name: "setup", ip: ip) }

    /// An audit entry by this actor.
    public func entry(_ action: String, _ subjectType: String, _ subjectId: String?, _ summary: String) -> AuditEntry {
        AuditEntry(actor: name, action: action, subjectType: subjectType, subjectId: subjectId, summary: summary, ip: ip)
    }
}
