import Foundation
import SQLKit
import TandemCore

/// Hand-off settings with the workspace's time zone, which the SLA calendar runs in.
public struct HandOffConfiguration: Sendable, Hashable {
    public var handOff: HandOffSettings
    public var timeZone: String
}

/// Reads and saves `HandOffSettings` in the settings table, as one JSON value.
public struct HandOffSettingsStore: Sendable {
    let database: Database

    public func load() async throws -> HandOffConfiguration {
        try await database.read { db in try await Self.load(on: db) }
    }

    static func load(on db: any SQLDatabase) async throws -> HandOffConfiguration {
        var configuration = HandOffConfiguration(handOff: HandOffSettings(), timeZone: "UTC")
        for row in try await db.select().columns("name", "value").from("settings")
            .where("name", .in, SQLBind.group(["handoff", "time_zone"])).all()
        {
            let value = try row.decode(column: "value", as: String.self)
            if try row.decode(column: "name", as: String.self) == "time_zone" {
                configuration.timeZone = value
            } else if let document = JSONValue.parseIfValid(value) {
                // Saved settings were checked when saved; unreadable ones leave the defaults.
                configuration.handOff = HandOffSettings(document: document)
            }
        }
        return configuration
    }

    /// Saves the settings and audits the change.
    public func save(_ settings: HandOffSettings, by actor: Actor, now: Double) async throws {
        try await database.write { db in
            try await db.delete(from: "settings").where("name", .equal, SQLBind("handoff")).run()
            try await db.insert(into: "settings").columns("name", "value", "updated_at")
                .values(SQLBind("handoff"), SQLBind(settings.document.jsonText), SQLBind(now)).run()
            try await AuditTrail.append(
                actor.entry("setting.changed", "setting", "handoff", "hand-off settings: SLA \(settings.slaHours) working hours"), at: now,
                on: db)
        }
    }

    /// Every sales rep with routing settings and today's count.
    public func reps(now: Double) async throws -> [RepSettings] {
        try await database.read { db in
            let configuration = try await Self.load(on: db)
            let dayStart = configuration.handOff.calendar(timeZone: configuration.timeZone).startOfDay(containing: now)
            return try await RepRoster.settings(on: db, dayStart: dayStart).map(\.settings)
        }
    }

    /// Changes one rep's routing settings.
    public func saveRep(
        email: String, weight: Int, available: Bool, dailyCapacity: Int?, by actor: Actor, now: Double
    )
        async throws
    {
        try await database.write { db in
            try await db.insert(into: "reps").columns("email", "weight", "available", "daily_capacity", "credit")
                .values(SQLBind(email.lowercased()), SQLBind(weight), SQLBind(available), SQLBind(dailyCapacity), SQLBind(0))
                .onConflict(with: ["email"]) { conflict in
                    conflict.set(excludedValueOf: "weight").set(excludedValueOf: "available").set(excludedValueOf: "daily_capacity")
                }.run()
            let capacity = dailyCapacity.map(String.init) ?? "no limit"
            try await AuditTrail.append(
                actor.entry(
                    "rep.routing_changed", "user", email.lowercased(),
                    "routing for \(email): weight \(weight), \(available ? "available" : "away"), daily capacity \(capacity)"), at: now,
                on: db)
        }
    }
}
