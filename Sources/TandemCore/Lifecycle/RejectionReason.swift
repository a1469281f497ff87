/// Why sales turned a hand-off down. The code is required, so marketing learns from every
/// rejection; it also decides where the lead goes next.
public enum RejectionReason: String, Sendable, CaseIterable, Codable {
    case notAFit = "not_a_fit"
    case badContactData = "bad_contact_data"
    case noBudget = "no_budget"
    case notReadyYet = "not_ready_yet"
    case duplicate
    case competitor
    case other

    public var label: String {
        switch self {
        case .notAFit: return "Not a fit"
        case .badContactData: return "Bad contact data"
        case .noBudget: return "No budget"
        case .notReadyYet: return "Not ready yet"
        case .duplicate: return "Duplicate"
        case .competitor: return "Competitor"
        case .other: return "Other"
        }
    }

    /// Leads that may buy later go back to nurture (`recycled`); the rest leave the funnel.
    public var nextStage: LifecycleStage {
        switch self {
        case .notReadyYet, .noBudget: return .recycled
        case .notAFit, .badContactData, .duplicate, .competitor, .other: return .disqualified
        }
    }

    /// The code a stored reason starts with ("not_ready_yet: next quarter"), if it is one.
    public static func leading(_ reason: String?) -> RejectionReason? {
        guard let reason else { return nil }
        let code = reason.split(separator: ":", maxSplits: 1).first.map { $0.trimmed.lowercased() } ?? ""
        return RejectionReason(rawValue: code)
    }

    /// A stage change's reason from a code and a comment, as rejections are stored: "code:
    /// comment", the code alone, or the comment alone. The code is checked against the list.
    public static func compose(code: String?, comment: String?) throws(ValidationError) -> String? {
        let comment = comment?.trimmed ?? ""
        let codeText = code?.trimmed ?? ""
        guard !codeText.isEmpty else { return comment.isEmpty ? nil : comment }
        let reason = try parse(codeText, field: "reason_code")
        return comment.isEmpty ? reason.rawValue : "\(reason.rawValue): \(comment)"
    }

    /// Reads a code from a form or the API; the error names the codes that exist.
    public static func parse(_ text: String?, field: String = "reason") throws(ValidationError) -> RejectionReason {
        guard let text = text?.trimmed, !text.isEmpty else {
            throw ValidationError(code: "missing_field", field: field, message: "a rejection needs a reason code")
        }
        guard let reason = RejectionReason(rawValue: text.lowercased()) else {
            let codes = allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError(code: "invalid_value", field: field, message: "'\(text)' is not one of \(codes)")
        }
        return reason
    }
}

extension RejectionReason {
    /// Read as the web form reads it: trimmed, in any case, with the list of codes when unknown.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try RejectionReason.parse(text, field: decoder.codingPath.last?.stringValue ?? "reason")
    }
}

/// The order of a rep's inbox: a lead showing a burst of intent right now comes first, then
/// the hand-offs whose SLA runs out soonest (overdue ones first of all).
public enum InboxOrdering {
    /// Hours a call-now signal is worth: such a lead outranks any other due up to this much
    /// sooner.
    public static let callNowHeadStart = 8.0

    /// Lower is more urgent.
    public static func urgency(secondsLeft: Double?, callNow: Bool) -> Double {
        let hoursLeft = (secondsLeft ?? 0) / TimeSpan.hour
        return hoursLeft - (callNow ? callNowHeadStart : 0)
    }
}
