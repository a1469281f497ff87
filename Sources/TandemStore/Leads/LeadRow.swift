import SQLKit
import TandemCore

/// How a lead is laid out in the `leads` table.
enum LeadRow {
    static let columns = [
        "id", "email", "user_id", "first_name", "last_name", "title", "company", "phone", "country", "industry",
        "company_size", "source", "owner", "stage", "account_id", "attributes", "created_at", "updated_at",
    ]

    /// The column that holds each text field.
    static func column(_ field: LeadField) -> String { field.rawValue }

    static func decode(_ row: any SQLRow) throws -> Lead {
        func text(_ column: String) throws -> String? {
            try row.decodeNil(column: column) ? nil : row.decode(column: column, as: String.self)
        }
        let stageText = try row.decode(column: "stage", as: String.self)
        let attributesText = try row.decode(column: "attributes", as: String.self)
        return Lead(
            id: Lead.ID(try row.decode(column: "id", as: Int64.self)),
            email: try text("email"), userId: try text("user_id"), firstName: try text("first_name"),
            lastName: try text("last_name"), title: try text("title"), company: try text("company"),
            phone: try text("phone"), country: try text("country"), industry: try text("industry"),
            companySize: try row.decode(column: "company_size", as: Int?.self), source: try text("source"),
            owner: try text("owner"), stage: LifecycleStage(rawValue: stageText) ?? .lead,
            accountId: try row.decode(column: "account_id", as: Account.ID?.self),
            // Attributes are JSON the lead writer wrote; unreadable ones show as none.
            attributes: attributesText == "{}" ? [:] : JSONValue.parseIfValid(attributesText)?.objectValue ?? [:],
            createdAt: try row.decode(column: "created_at", as: Double.self),
            updatedAt: try row.decode(column: "updated_at", as: Double.self))
    }
}
