import TandemCore
import TandemStore

/// How the REST API writes each resource: snake_case names, RFC 3339 times, ids as numbers.
public enum Representation {
    public static func lead(_ lead: Lead) -> JSONValue {
        [
            "id": .number(Double(lead.id)), "email": .optional(lead.email), "user_id": .optional(lead.userId),
            "first_name": .optional(lead.firstName), "last_name": .optional(lead.lastName), "title": .optional(lead.title),
            "company": .optional(lead.company), "phone": .optional(lead.phone), "country": .optional(lead.country),
            "industry": .optional(lead.industry), "company_size": .optional(lead.companySize.map(Int64.init)),
            "source": .optional(lead.source), "owner": .optional(lead.owner), "stage": .string(lead.stage.rawValue),
            "account_id": .optional(lead.accountId), "attributes": .object(lead.attributes),
            "created_at": .time(lead.createdAt), "updated_at": .time(lead.updatedAt),
        ]
    }

    public static func account(_ account: Account) -> JSONValue {
        [
            "id": .number(Double(account.id)), "domain": .optional(account.domain), "external_id": .optional(account.externalId),
            "name": .optional(account.name), "industry": .optional(account.industry), "size": .optional(account.size),
            "owner": .optional(account.owner), "lead_count": .number(Double(account.leadCount)),
            "created_at": .time(account.createdAt), "updated_at": .time(account.updatedAt),
        ]
    }

    public static func event(_ event: StoredEvent) -> JSONValue {
        var campaign: [String: JSONValue] = [:]
        if let name = event.campaign.name { campaign["name"] = .string(name) }
        if let source = event.campaign.source { campaign["source"] = .string(source) }
        if let medium = event.campaign.medium { campaign["medium"] = .string(medium) }
        if let term = event.campaign.term { campaign["term"] = .string(term) }
        if let content = event.campaign.content { campaign["content"] = .string(content) }
        return [
            "id": .number(Double(event.id)), "message_id": .string(event.messageId), "type": .string(event.type.rawValue),
            "name": .string(event.name), "lead_id": .optional(event.leadId), "user_id": .optional(event.userId),
            "anonymous_id": .optional(event.anonymousId), "timestamp": .time(event.occurredAt),
            "received_at": .time(event.receivedAt), "url": .optional(event.url),
            "campaign": campaign.isEmpty ? .null : .object(campaign), "properties": .object(event.properties),
            "context": .object(event.context),
        ]
    }

    public static func stageChange(_ change: StoredStageChange) -> JSONValue {
        [
            "id": .number(Double(change.id)), "lead_id": .number(Double(change.leadId)),
            "from": .optional(change.from?.rawValue), "to": .string(change.to.rawValue), "at": .time(change.changedAt),
            "actor": .string(change.actor), "reason": .optional(change.reason),
        ]
    }

    public static func timelineEntry(_ entry: TimelineEntry) -> JSONValue {
        switch entry {
        case .event(let event): return ["kind": "event", "at": .time(event.occurredAt), "event": self.event(event)]
        case .stageChange(let change): return ["kind": "stage_change", "at": .time(change.changedAt), "stage_change": stageChange(change)]
        }
    }

    /// A page of a list, with the cursor of the next page (`null` on the last).
    public static func page(_ items: [JSONValue], nextCursor: Int64?) -> JSONValue {
        ["data": .array(items), "next_cursor": nextCursor.map { .string(String($0)) } ?? .null]
    }
}
