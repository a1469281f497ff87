import Foundation
import SQLKit
import TandemCore

/// A leads list view someone saved: its name and the list's query (filters and sort), kept for
/// its owner, or shared with the owner's team.
public struct SavedView: Sendable, Hashable, Identifiable {
    public typealias ID = EntityID<SavedView>

    public let id: ID
    public let ownerId: User.ID
    public let name: String
    /// The list's query string, such as `stage=mql&sort=score`.
    public let query: String
    /// The team it is shared with; nil for its owner alone.
    public let team: String?
}

struct SavedViewRow: TableRow {
    let id: Int64
    let ownerId: Int64
    let name: String
    let query: String
    let team: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, query, team
        case ownerId = "owner_id"
    }

    var view: SavedView { SavedView(id: SavedView.ID(id), ownerId: User.ID(ownerId), name: name, query: query, team: team) }
}

/// Saves, lists and deletes saved views.
public struct SavedViewStore: Sendable {
    let database: Database

    public static let maximumNameCharacters = 80
    public static let maximumQueryBytes = 1000
    /// Views one person may keep.
    public static let maximumPerPerson = 50

    /// Saves `query` under `name` for `owner`, shared with `team` when given. The caller has
    /// read the query as a list view, so it names only things that exist.
    public func save(name: String, query: String, owner: User, team: String?, now: Double) async throws -> SavedView {
        let name = name.trimmed
        var errors: [ValidationError] = []
        if name.isEmpty { errors.append(ValidationError(code: "required", field: "view_name", message: "name the view")) }
        if name.count > Self.maximumNameCharacters {
            errors.append(
                ValidationError(code: "too_long", field: "view_name", message: "at most \(Self.maximumNameCharacters) characters"))
        }
        if query.utf8.count > Self.maximumQueryBytes {
            errors.append(ValidationError(code: "too_long", field: "view_name", message: "the view's filters are too long to save"))
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return try await database.write { db in
            let count =
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("saved_views")
                .where("owner_id", .equal, SQLBind(owner.id)).first(decodingColumn: "n", as: Int.self) ?? 0
            guard count < Self.maximumPerPerson else {
                throw ValidationErrors([
                    ValidationError(
                        code: "too_many", field: "view_name", message: "you keep \(Self.maximumPerPerson) views already: delete one first")
                ])
            }
            let row = try await db.insert(into: "saved_views").columns("owner_id", "name", "query", "team", "created_at")
                .values(SQLBind(owner.id), SQLBind(name), SQLBind(query), SQLBind(team), SQLBind(now))
                .returning(SavedViewRow.columns).requiredRow("a new saved view")
            return try SavedViewRow.decode(row).view
        }
    }

    /// The views `user` sees: their own, then those shared with their team, by name.
    public func list(for user: User) async throws -> [SavedView] {
        try await database.read { db in
            var query = db.select().columns(SavedViewRow.columns).from("saved_views")
            if let team = user.team?.trimmed, !team.isEmpty {
                query = query.where { group in
                    group.where("owner_id", .equal, SQLBind(user.id))
                        .orWhere(SQLFunction("LOWER", args: SQLColumn("team")), .equal, SQLBind(team.lowercased()))
                }
            } else {
                query = query.where("owner_id", .equal, SQLBind(user.id))
            }
            let views = try await query.orderBy("name").limit(200).all().map { try SavedViewRow.decode($0).view }
            return views.filter { $0.ownerId == user.id } + views.filter { $0.ownerId != user.id }
        }
    }

    /// Deletes a view of `owner`'s; false when they have no such view.
    public func delete(id: SavedView.ID, owner: User.ID) async throws -> Bool {
        try await database.write { db in
            try await db.delete(from: "saved_views").where("id", .equal, SQLBind(id)).where("owner_id", .equal, SQLBind(owner))
                .returning("id").first() != nil
        }
    }
}
