import Foundation
import SQLKit
import TandemCore

/// A buyer interview as stored: who was interviewed, by whom, when, the notes and their tags.
public struct Interview: Sendable, Hashable {
    public let id: Int64
    public let leadId: Lead.ID?
    public let accountId: Account.ID?
    public let interviewer: String
    public let conductedAt: Double
    public let title: String
    public let notes: String
    public let tags: [String]
}

/// Buyer interviews, the evidence personas are built from. Recording and tagging them from the
/// app comes with personas; for now they arrive with the demo and show on the lead page.
public struct InterviewStore: Sendable {
    let database: Database

    /// The interviews of one lead, newest first.
    public func list(leadId: Lead.ID) async throws -> [Interview] {
        try await database.read { db in
            try await db.select()
                .columns("id", "lead_id", "account_id", "interviewer", "conducted_at", "title", "notes", "tags")
                .from("interviews").where("lead_id", .equal, SQLBind(leadId)).orderBy("conducted_at", .descending).limit(20).all()
                .map { row in
                    // Tags are JSON this store wrote; unreadable ones show as none.
                    let tags = JSONValue.parseIfValid(try row.decode(column: "tags", as: String.self))?.arrayValue ?? []
                    return Interview(
                        id: try row.decode(column: "id", as: Int64.self), leadId: try row.optionalLeadID(),
                        accountId: try row.decode(column: "account_id", as: Account.ID?.self),
                        interviewer: try row.decode(column: "interviewer", as: String.self),
                        conductedAt: try row.decode(column: "conducted_at", as: Double.self),
                        title: try row.decode(column: "title", as: String.self), notes: try row.decode(column: "notes", as: String.self),
                        tags: tags.compactMap(\.stringValue))
                }
        }
    }
}
