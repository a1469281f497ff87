import TandemCore
import TandemStore

/// Leads as exported: CSV with the import's own column names (so an export re-imports as is),
/// or JSON lines in the REST API's shape.
public enum LeadExportFormat {
    public static let csvHeader = CSVWriter.line(
        [
            "id", "email", "user_id", "first_name", "last_name", "title", "company", "phone", "country", "industry", "company_size",
            "source", "owner", "stage", "account_id", "attributes", "created_at", "updated_at",
        ])

    public static func csvLine(_ lead: Lead) -> String {
        CSVWriter.line([
            lead.id.description, lead.email, lead.userId, lead.firstName, lead.lastName, lead.title, lead.company, lead.phone,
            lead.country, lead.industry, lead.companySize.map(String.init), lead.source, lead.owner, lead.stage.rawValue,
            lead.accountId.map(String.init), JSONValue.object(lead.attributes).jsonText, Timestamp.format(lead.createdAt),
            Timestamp.format(lead.updatedAt),
        ])
    }

    public static func jsonLine(_ lead: Lead) throws -> String {
        try JSONValueEncoder.encode(LeadDTO(lead)).jsonText + "\n"
    }
}

/// Events as exported: CSV for spreadsheets, or JSON lines in Segment's own message format,
/// so `tandem import events` reads an export back (and de-duplicates it by messageId).
public enum EventExportFormat {
    public static let csvHeader = CSVWriter.line(
        [
            "id", "message_id", "type", "name", "lead_id", "user_id", "anonymous_id", "timestamp", "url", "campaign_name",
            "campaign_source", "campaign_medium", "campaign_term", "campaign_content", "properties",
        ])

    public static func csvLine(_ event: StoredEvent) -> String {
        CSVWriter.line([
            event.id.description, event.messageId, event.type.rawValue, event.name, event.leadId.map(String.init), event.userId,
            event.anonymousId, Timestamp.format(event.occurredAt), event.url, event.campaign.name, event.campaign.source,
            event.campaign.medium, event.campaign.term, event.campaign.content, JSONValue.object(event.properties).jsonText,
        ])
    }

    public static func jsonLine(_ event: StoredEvent) -> String {
        var message: [String: JSONValue] = [
            "type": .string(event.type.rawValue), "messageId": .string(event.messageId), "userId": .optional(event.userId),
            "anonymousId": .optional(event.anonymousId), "timestamp": .time(event.occurredAt), "context": .object(event.context),
        ]
        switch event.type {
        case .identify, .group: message["traits"] = .object(event.properties)
        default: message["properties"] = .object(event.properties)
        }
        switch event.type {
        case .track: message["event"] = .string(event.name)
        case .page, .screen: if let name = event.properties["name"]?.stringValue { message["name"] = .string(name) }
        default: break
        }
        return JSONValue.object(message).jsonText + "\n"
    }
}
