import SQLKit
import TandemCore

/// The sales reps routing may choose: active users with the sales role, with their routing
/// settings and how many hand-offs they received today.
public struct RepSettings: Sendable, Hashable {
    public var email: String
    public var name: String
    public var weight: Int
    public var available: Bool
    public var dailyCapacity: Int?
    public var assignedToday: Int
}

enum RepRoster {
    static func load(on db: any SQLDatabase, dayStart: Double) async throws -> [Rep] {
        try await settings(on: db, dayStart: dayStart).map { row in
            Rep(
                email: row.settings.email, weight: row.settings.weight, available: row.settings.available,
                dailyCapacity: row.settings.dailyCapacity, assignedToday: row.settings.assignedToday, credit: row.credit)
        }
    }

    static func settings(on db: any SQLDatabase, dayStart: Double) async throws -> [(settings: RepSettings, credit: Int)] {
        let users = try await db.select().columns("email", "name").from("users").where("role", .equal, SQLBind("sales"))
            .where("disabled", .equal, SQLBind(false)).orderBy("email_normalized").all()
        var stored: [String: (weight: Int, available: Bool, capacity: Int?, credit: Int)] = [:]
        for row in try await db.select().columns("email", "weight", "available", "daily_capacity", "credit").from("reps").all() {
            stored[try row.decode(column: "email", as: String.self)] = (
                try row.decode(column: "weight", as: Int.self), try row.decode(column: "available", as: Bool.self),
                try row.decode(column: "daily_capacity", as: Int?.self), try row.decode(column: "credit", as: Int.self)
            )
        }
        var today: [String: Int] = [:]
        for row in try await db.select().column("owner").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("handoffs")
            .where("assigned_at", .greaterThanOrEqual, SQLBind(dayStart)).where("owner", .isNot, SQLLiteral.null).groupBy("owner").all()
        {
            today[(try row.decode(column: "owner", as: String.self)).lowercased()] = try row.decode(column: "count", as: Int.self)
        }
        return try users.map { row in
            let email = try row.decode(column: "email", as: String.self).lowercased()
            let saved = stored[email]
            return (
                RepSettings(
                    email: email, name: try row.decode(column: "name", as: String.self), weight: saved?.weight ?? 1,
                    available: saved?.available ?? true, dailyCapacity: saved?.capacity, assignedToday: today[email] ?? 0),
                saved?.credit ?? 0
            )
        }
    }

    static func saveCredits(_ reps: [Rep], on db: any SQLDatabase) async throws {
        var query = db.insert(into: "reps").columns("email", "weight", "available", "daily_capacity", "credit")
        for rep in reps {
            query = query.values(
                SQLBind(rep.email), SQLBind(rep.weight), SQLBind(rep.available), SQLBind(rep.dailyCapacity), SQLBind(rep.credit))
        }
        try await query.onConflict(with: ["email"]) { $0.set(excludedValueOf: "credit") }.run()
    }
}
