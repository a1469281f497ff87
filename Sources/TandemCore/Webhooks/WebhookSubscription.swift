import Foundation

/// The lifecycle events a webhook may subscribe to.
public enum WebhookTopic: String, Sendable, Hashable, Codable, CaseIterable {
    case leadMQL = "lead.mql"
    case leadAssigned = "lead.assigned"
    case leadAccepted = "lead.accepted"
    case leadRejected = "lead.rejected"
    case leadRecycled = "lead.recycled"
    case slaBreached = "sla.breached"
}

/// How a delivery's body is shaped: Tandem's JSON envelope, or a Slack-compatible message.
public enum WebhookFormat: String, Sendable, CaseIterable, Codable {
    case json, slack
}

/// A webhook as typed in a form or sent to the API, checked.
public struct WebhookInput: Sendable, Hashable {
    public let url: String
    public let topics: [WebhookTopic]
    public let format: WebhookFormat

    /// Refuses a URL that is not absolute http(s) with a host, an unknown topic or format.
    public init(url: String, topics: [String], format: String?) throws(ValidationErrors) {
        var errors: [ValidationError] = []
        let trimmed = url.trimmed
        let components = URLComponents(string: trimmed)
        let scheme = components?.scheme?.lowercased()
        if scheme != "http" && scheme != "https" || (components?.host ?? "").isEmpty || trimmed.count > 2000 {
            errors.append(ValidationError(code: "invalid_value", field: "url", message: "'\(trimmed)' is not an http:// or https:// URL"))
        }
        var parsed: [WebhookTopic] = []
        for topic in topics.map(\.trimmed).filter({ !$0.isEmpty }) {
            guard let value = WebhookTopic(rawValue: topic) else {
                let known = WebhookTopic.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(ValidationError(code: "invalid_value", field: "topics", message: "'\(topic)' is not one of \(known)"))
                continue
            }
            if !parsed.contains(value) { parsed.append(value) }
        }
        if parsed.isEmpty && errors.allSatisfy({ $0.field != "topics" }) {
            errors.append(ValidationError(code: "missing_field", field: "topics", message: "choose at least one event"))
        }
        let formatText = format?.trimmed.lowercased() ?? "json"
        let parsedFormat = WebhookFormat(rawValue: formatText.isEmpty ? "json" : formatText)
        if parsedFormat == nil {
            errors.append(ValidationError(code: "invalid_value", field: "format", message: "'\(formatText)' is not json or slack"))
        }
        guard errors.isEmpty, let parsedFormat else { throw ValidationErrors(errors) }
        self.url = trimmed
        self.topics = parsed
        self.format = parsedFormat
    }
}

/// When a failed delivery is tried again: the wait doubles after each failure, from `base`
/// up to `ceiling`, and the delivery is given up after `maxAttempts`.
public struct RetrySchedule: Sendable, Hashable {
    public var base: Double
    public var ceiling: Double
    public var maxAttempts: Int

    public init(base: Double = 10, ceiling: Double = 3600, maxAttempts: Int = 10) {
        self.base = base
        self.ceiling = ceiling
        self.maxAttempts = maxAttempts
    }

    /// Seconds to wait after `attempts` failed attempts; `nil` when it is time to give up.
    public func delay(afterAttempts attempts: Int) -> Double? {
        guard attempts < maxAttempts else { return nil }
        return min(ceiling, base * exp2(Double(max(0, attempts - 1))))
    }
}

/// Where one webhook delivery stands.
public enum DeliveryStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Queued, never tried.
    case pending
    /// Tried and failed; tried again at `next_attempt_at`.
    case retrying
    case delivered
    /// Given up after the last attempt.
    case failed
    /// Dropped because its webhook was stopped before it was sent.
    case cancelled

    /// Still to be sent.
    public static let due: [DeliveryStatus] = [.pending, .retrying]
}
