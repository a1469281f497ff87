import Foundation
import SQLKit
import TandemCore

/// A message for one person inside the app: a new MQL, a call-now signal, an SLA breach.
public struct AppNotification: Sendable, Hashable, Identifiable, TableRow {
    public typealias ID = EntityID<AppNotification>

    public let id: ID
    public let recipient: String
    public let kind: NotificationKind
    public let leadId: Lead.ID?
    public let message: String
    public let createdAt: Double
    public let readAt: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, recipient, kind, message
        case leadId = "lead_id", createdAt = "created_at", readAt = "read_at"
    }
}

/// Writes notifications inside the transaction of their cause, and reads them per person.
public struct NotificationStore: Sendable {
    let database: Database

    /// Writes the notifications a unit of work collected, in one statement.
    static func append(_ notifications: [PendingNotification], on db: any SQLDatabase) async throws {
        guard !notifications.isEmpty else { return }
        var insert = db.insert(into: "notifications").columns("recipient", "kind", "lead_id", "message", "created_at")
        for note in notifications {
            insert = insert.values(
                SQLBind(note.recipient.lowercased()), SQLBind(note.kind.rawValue), SQLBind(note.leadId), SQLBind(note.message),
                SQLBind(note.at))
        }
        try await insert.run()
    }

    /// A person's notifications, newest first.
    public func list(recipient: String, limit: Int = 20) async throws -> [AppNotification] {
        try await database.read { db in
            try await db.select().columns(AppNotification.columns).from("notifications")
                .where("recipient", .equal, SQLBind(recipient.lowercased())).orderBy("id", .descending).limit(limit).all().map(
                    AppNotification.decode)
        }
    }

    /// How many of a person's notifications are unread, for the bell on every page.
    public func unreadCount(recipient: String) async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
                .where("recipient", .equal, SQLBind(recipient.lowercased())).where("read_at", .is, SQLLiteral.null)
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    public func markAllRead(recipient: String, now: Double) async throws {
        try await database.write { db in
            try await db.update("notifications").set("read_at", to: SQLBind(now)).where(
                "recipient", .equal, SQLBind(recipient.lowercased())
            )
            .where("read_at", .is, SQLLiteral.null).run()
        }
    }
}
