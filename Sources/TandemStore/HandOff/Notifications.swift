import Foundation
import SQLKit
import TandemCore

/// A message for one person inside the app: a new MQL, a call-now signal, an SLA breach.
public struct AppNotification: Sendable, Hashable {
    public let id: Int64
    public let recipient: String
    public let kind: String
    public let leadId: Int64?
    public let message: String
    public let createdAt: Double
    public let readAt: Double?
}

/// Writes notifications inside the transaction of their cause, and reads them per person.
public struct NotificationStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static func append(to recipient: String, kind: String, leadId: Int64?, message: String, at: Double, on db: any SQLDatabase)
        async throws
    {
        try await db.insert(into: "notifications").columns("recipient", "kind", "lead_id", "message", "created_at")
            .values(SQLBind(recipient.lowercased()), SQLBind(kind), SQLBind(leadId), SQLBind(message), SQLBind(at)).run()
    }

    /// A person's notifications, newest first.
    public func list(recipient: String, limit: Int = 20) async throws -> [AppNotification] {
        try await database.read { db in
            try await db.select().columns("id", "recipient", "kind", "lead_id", "message", "created_at", "read_at").from("notifications")
                .where("recipient", .equal, SQLBind(recipient.lowercased())).orderBy("id", .descending).limit(limit).all().map { row in
                    AppNotification(
                        id: try row.decode(column: "id", as: Int64.self), recipient: try row.decode(column: "recipient", as: String.self),
                        kind: try row.decode(column: "kind", as: String.self), leadId: try row.decode(column: "lead_id", as: Int64?.self),
                        message: try row.decode(column: "message", as: String.self),
                        createdAt: try row.decode(column: "created_at", as: Double.self),
                        readAt: try row.decode(column: "read_at", as: Double?.self))
                }
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
