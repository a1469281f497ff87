import TandemCore

/// The words pages use for the codes Tandem stores and the API keeps: sources, actors, reasons
/// and event types. Codes stay codes in the data, exports and the API; people read words.
enum DisplayNames {
    /// Names people recognise for the usual traffic sources; any other code reads as its words.
    private static let sources = [
        "paid_search": "Paid search", "organic_search": "Organic search", "paid_social": "Paid social",
        "organic_social": "Organic social", "linkedin": "LinkedIn", "email": "Email", "webinar": "Webinar", "event": "Event",
        "referral": "Referral", "content": "Content", "outbound": "Outbound", "direct": "Direct", "partner": "Partner",
    ]

    /// A lead's source as a phrase: "paid_search" reads "Paid search".
    static func source(_ code: String?) -> String {
        guard let code, !code.isEmpty else { return "" }
        return sources[code.lowercased()] ?? words(code)
    }

    /// Who acted, as the audit log and the histories store it (`user:EMAIL`, `api_key:NAME`,
    /// `rule:mql_threshold`, `import:FILE`, `tracking`, `cli`), in words: a person by their
    /// name (`names`, by lower-cased email) when they are a user.
    static func actor(_ stored: String, names: [String: String]) -> String {
        if stored == TandemCore.Actor.commandLine.name { return "the command line" }
        switch StageActor(stored: stored) {
        case .user(let email): return names[email.lowercased()] ?? email
        case .apiKey(let name): return "API key “\(name)”"
        case .rule(let name): return StageActor.rule(name) == .mqlRule ? "the MQL rule" : "the rule “\(words(name))”"
        case .importFile(let name): return "the import of \(name)"
        case .tracking: return "tracking"
        case .system: return stored == "system" ? "Tandem" : stored
        }
    }

    /// A stage change's reason, with a leading rejection code in words: "not_ready_yet:
    /// Evaluating next quarter" reads "Not ready yet: Evaluating next quarter".
    static func stageReason(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard let code = parts.first, let reason = RejectionReason(rawValue: String(code)) else { return text }
        let rest = parts.count > 1 ? parts[parts.index(after: parts.startIndex)].trimmed : ""
        return rest.isEmpty ? reason.label : "\(reason.label): \(rest)"
    }

    /// An event as the timeline names it: a track call by its event, the rest by what they did.
    static func event(type: MessageType, name: String) -> String {
        switch type {
        case .track: return name
        case .identify: return "Identified"
        case .page: return name.isEmpty || name == "page" ? "Viewed a page" : "Viewed “\(name)”"
        case .screen: return name.isEmpty || name == "screen" ? "Viewed a screen" : "Viewed the screen “\(name)”"
        case .group: return name.isEmpty || name == "group" ? "Joined an account" : "Joined the account “\(name)”"
        case .alias: return "Linked another identity"
        }
    }

    /// "organic_search" → "Organic search".
    private static func words(_ code: String) -> String {
        let spaced = code.replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }
}
