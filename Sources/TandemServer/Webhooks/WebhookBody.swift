import Foundation
import TandemCore

/// The body of a delivery: Tandem's envelope, or a message Slack's incoming webhooks (and
/// the chat tools that copy them) display as is.
enum WebhookBody {
    static func make(topic: WebhookTopic, deliveryId: String, payload: String, createdAt: Double, format: WebhookFormat) -> String {
        // The payload is the outbox's own JSON; were it unreadable, the envelope still goes out.
        let data = JSONValue.parseIfValid(payload) ?? .object([:])
        switch format {
        case .json:
            let envelope: JSONValue = [
                "id": .string(deliveryId), "type": .string(topic.rawValue), "created_at": .string(Timestamp.format(createdAt)),
                "data": data,
            ]
            return envelope.jsonText
        case .slack:
            return JSONValue.object(["text": .string(slackText(topic: topic, data: data))]).jsonText
        }
    }

    /// One line a person reads in a channel, in Slack's mrkdwn.
    static func slackText(topic: WebhookTopic, data: JSONValue) -> String {
        let lead = data["lead"]
        let name = [lead?["first_name"]?.stringValue, lead?["last_name"]?.stringValue].compactMap { $0 }.joined(separator: " ")
        var who = name.isEmpty ? (lead?["email"]?.stringValue ?? "a lead") : name
        if let company = lead?["company"]?.stringValue { who += " (\(company))" }
        who = escape(who)
        let owner = data["handoff"]?["owner"]?.stringValue.map(escape) ?? "nobody yet"
        let reason = data["reason"]?.stringValue.map(escape) ?? ""
        switch topic {
        case .leadMQL: return "*New MQL*: \(who). \(reason)"
        case .leadAssigned: return "*Assigned* \(who) to \(owner): \(reason)"
        case .leadAccepted: return "*Accepted* by \(owner): \(who)"
        case .leadRejected: return "*Rejected* by \(owner): \(who). Reason: \(reason)"
        case .leadRecycled: return "*Recycled* to nurture: \(who). Reason: \(reason)"
        case .slaBreached: return "*SLA breached*: \(who) is waiting for \(owner)"
        }
    }

    /// Slack reads `&`, `<` and `>` as markup.
    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
