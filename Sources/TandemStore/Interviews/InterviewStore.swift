import Foundation
import SQLKit
import TandemCore

/// A buyer interview as stored: who was interviewed, by whom, when, the notes and their tags.
public struct Interview: Sendable, Hashable, Identifiable {
    public typealias ID = EntityID<Interview>

    public let id: ID
    public let leadId: Lead.ID?
    public let accountId: Account.ID?
    public let interviewer: String
    public let conductedAt: Double
    public let title: String
    public let notes: String
    public let tags: [String]
}

extension Interview: TableRow {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, interviewer, title, notes, tags
        case leadId = "lead_id", accountId = "account_id", conductedAt = "conducted_at"
    }

    /// Tags are a JSON array in one column, which this store wrote; unreadable ones show as none.
    public init(from decoder: any Decoder) throws {
        let row = try decoder.container(keyedBy: CodingKeys.self)
        id = try row.decode(ID.self, forKey: .id)
        leadId = try row.decodeIfPresent(Lead.ID.self, forKey: .leadId)
        accountId = try row.decodeIfPresent(Account.ID.self, forKey: .accountId)
        interviewer = try row.decode(String.self, forKey: .interviewer)
        conductedAt = try row.decode(Double.self, forKey: .conductedAt)
        title = try row.decode(String.self, forKey: .title)
        notes = try row.decode(String.self, forKey: .notes)
        tags = (JSONValue.parseIfValid(try row.decode(String.self, forKey: .tags))?.arrayValue ?? []).compactMap(\.stringValue)
    }
}

/// Buyer interviews, the evidence personas are built from. Recording and tagging them from the
/// app comes with personas; for now they arrive with the demo and show on the lead page.
public struct InterviewStore: Sendable {
    let database: Database

    /// The interviews of one lead, newest first.
    public func list(leadId: Lead.ID) async throws -> [Interview] {
        try await database.read { db in
            try await db.select().columns(Interview.columns).from("interviews").where("lead_id", .equal, SQLBind(leadId))
                .orderBy("conducted_at", .descending).limit(20).all().map(Interview.decode)
        }
    }
}
