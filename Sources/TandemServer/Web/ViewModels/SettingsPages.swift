import Foundation
import TandemCore
import TandemStore

/// The users settings: everyone with their role, and the form that adds a person.
struct UsersPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "tabs": \.tabs, "users": \.users, "roles": \.roles, "notice": \.notice,
    ]

    struct Row: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "id": \.id, "name": \.name, "email": \.email, "role": \.role, "team": \.team, "disabled": \.disabled,
            "is_self": \.isSelf, "roles": \.roles, "team_lead": \.teamLead,
        ]

        let id: User.ID
        let name, email, role, team: String
        let disabled, teamLead: Bool
        /// The admin looking: they cannot demote or disable themselves.
        let isSelf: Bool
        let roles: [FilterOption]

        init(_ user: User, viewer: User.ID?) {
            id = user.id
            name = user.name
            email = user.email
            role = user.role.label
            team = user.team ?? ""
            disabled = user.disabled
            teamLead = user.teamLead
            isSelf = user.id == viewer
            roles = RoleOption.all(selected: user.role.rawValue)
        }
    }

    let tabs = SettingsTabs.tabs(current: "users")
    let users: [Row]
    let roles: [FilterOption]
    let notice: String?
    let form: FormState

    func child(named name: String) -> Any? { field(named: name) ?? form.child(named: name) }
}

/// An admin's form to set someone's password.
struct UserPasswordPage: TemplateModel {
    static let fields: TemplateFields<Self> = ["tabs": \.tabs, "id": \.id, "name": \.name, "email": \.email]

    let tabs = SettingsTabs.tabs(current: "users")
    let id: User.ID
    let name, email: String
    let form: FormState

    func child(named name: String) -> Any? { field(named: name) ?? form.child(named: name) }
}

/// The keys settings: write keys and API keys, a new key's secret once, and the form for one.
struct KeysPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "tabs": \.tabs, "keys": \.keys, "roles": \.roles, "empty": \.empty, "kind_is_api": \.kindIsAPI, "created": \.created,
        "notice": \.notice,
    ]

    /// What was just done, naming the key.
    var notice: String?

    struct Row: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "id": \.id, "name": \.name, "kind": \.kind, "role": \.role, "owner": \.owner, "prefix": \.prefix, "created": \.created,
        ]

        let id: APIKey.ID
        let name, kind, role, owner, prefix, created: String

        init(_ key: APIKey) {
            id = key.id
            name = key.name
            kind = key.kind == .write ? "Write key" : "API key"
            role = key.kind == .write ? "—" : (Role(rawValue: key.role)?.label ?? key.role)
            owner = key.ownerEmail ?? ""
            prefix = key.prefix
            created = Display.date(key.createdAt)
        }
    }

    /// A key just made: its secret is shown this once.
    struct Created: TemplateModel {
        static let fields: TemplateFields<Self> = ["name": \.name, "secret": \.secret]

        let name, secret: String
    }

    let tabs = SettingsTabs.tabs(current: "keys")
    let keys: [Row]
    let roles: [FilterOption]
    var empty: Bool { keys.isEmpty }
    let kindIsAPI: Bool
    let created: Created?
    let form: FormState

    func child(named name: String) -> Any? { field(named: name) ?? form.child(named: name) }
}

/// The workspace settings: its name and time zone, stored or as typed.
struct WorkspacePage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "tabs": \.tabs, "workspace_name": \.workspaceName, "time_zone": \.timeZone, "zones": \.zones, "saved": \.saved,
    ]

    let tabs = SettingsTabs.tabs(current: "workspace")
    /// The stored values; nil when a refused form shows what was typed instead.
    let workspaceName, timeZone: String?
    let form: FormState
    /// Every time zone the server knows, the chosen one selected.
    let zones: [FilterOption]
    /// After a save: the confirmation.
    var saved: String?

    static func zones(selected: String) -> [FilterOption] {
        (["UTC"] + TimeZone.knownTimeZoneIdentifiers.sorted().filter { $0 != "UTC" && $0 != "GMT" }).map {
            FilterOption(value: $0, label: $0.replacingOccurrences(of: "_", with: " "), selected: $0 == selected)
        }
    }

    func child(named name: String) -> Any? { field(named: name) ?? form.child(named: name) }
}

/// The audit log, newest first, fifty entries a page.
struct AuditPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "tabs": \.tabs, "entries": \.entries, "empty": \.empty, "older": \.older, "actors": \.actors, "areas": \.areas,
        "from": \.from, "to": \.to, "filtered": \.filtered,
    ]

    /// The kinds of change the log can be narrowed to: the area before an action's dot.
    static let areas: [(code: String, label: String)] = [
        ("user", "People and sign-ins"), ("key", "Keys"), ("lead", "Lead stages"), ("setting", "Settings"),
        ("scoring", "Scoring model"), ("webhook", "Webhooks"),
    ]

    struct Row: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "at": \.at, "actor": \.actor, "actor_code": \.actorCode, "action": \.action, "subject": \.subject, "summary": \.summary,
            "ip": \.ip,
        ]

        let at, actor, action, subject, summary, ip: String
        /// Who acted exactly, as stored (`user:EMAIL`): the log's evidence, shown on hover.
        let actorCode: String

        init(_ stored: StoredAuditEntry, names: [String: String]) {
            at = Display.dateTime(stored.at)
            actor = DisplayNames.actor(stored.entry.actor, names: names)
            actorCode = stored.entry.actor
            action = stored.entry.action
            subject = [stored.entry.subjectType, stored.entry.subjectId].compactMap { $0 }.joined(separator: " ")
            summary = stored.entry.summary
            ip = stored.entry.ip ?? ""
        }
    }

    let tabs = SettingsTabs.tabs(current: "audit")
    let entries: [Row]
    var empty: Bool { entries.isEmpty }
    let older: String?
    let actors, areas: [FilterOption]
    /// The dates of the range, as typed (YYYY-MM-DD, both included).
    let from, to: String
    let filtered: Bool
}

/// The roles as choices of a select.
enum RoleOption {
    static func all(selected: String) -> [FilterOption] {
        Role.allCases.map { FilterOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selected) }
    }
}
