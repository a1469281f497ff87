import Foundation
import SQLKit
import TandemCore

/// The workspace's settings, which admins change on the settings page.
public struct WorkspaceSettings: Sendable, Hashable {
    /// The company's name, shown in the header of every page and in the weekly digest.
    public var workspaceName: String = "Tandem"
    /// The time zone reports and the weekly digest use, as an IANA name.
    public var timeZone: String = "UTC"

    public init() {}

    /// Validates a change typed in the settings form; throws every problem at once.
    public init(workspaceName: String, timeZone: String) throws(ValidationErrors) {
        var errors: [ValidationError] = []
        let name = workspaceName.trimmed
        if name.isEmpty || name.count > 100 {
            errors.append(ValidationError(code: "invalid_value", field: "workspace_name", message: "the name needs 1 to 100 characters"))
        }
        let zone = timeZone.trimmed
        if TimeZone(identifier: zone) == nil {
            errors.append(
                ValidationError(
                    code: "invalid_value", field: "time_zone", message: "'\(zone)' is not a time zone name such as Europe/Paris"))
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        self.workspaceName = name
        self.timeZone = zone
    }
}

/// Reads and writes `WorkspaceSettings` as name/value rows, so later settings need no migration.
public struct SettingStore: Sendable {
    let database: Database

    public func load() async throws -> WorkspaceSettings {
        let rows = try await database.read { db in
            try await db.select().columns("name", "value").from("settings").all().map {
                (try $0.decode(column: "name", as: String.self), try $0.decode(column: "value", as: String.self))
            }
        }
        var settings = WorkspaceSettings()
        for (name, value) in rows {
            switch name {
            case "workspace_name": settings.workspaceName = value
            case "time_zone": settings.timeZone = value
            default: break
            }
        }
        return settings
    }

    /// Saves `settings`, auditing each value that changed.
    public func save(_ settings: WorkspaceSettings, by actor: Actor, now: Double) async throws {
        let current = try await load()
        let changes = [
            ("workspace_name", current.workspaceName, settings.workspaceName), ("time_zone", current.timeZone, settings.timeZone),
        ].filter { $0.1 != $0.2 }
        guard !changes.isEmpty else { return }
        try await database.write { db in
            for (name, old, new) in changes {
                try await db.delete(from: "settings").where("name", .equal, SQLBind(name)).run()
                try await db.insert(into: "settings").columns("name", "value", "updated_at")
                    .values(SQLBind(name), SQLBind(new), SQLBind(now)).run()
                try await AuditTrail.append(
                    actor.entry("setting.changed", "setting", name, "\(name): '\(old)' → '\(new)'"), at: now, on: db)
            }
        }
    }
}
