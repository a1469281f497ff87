/// What a rep did with a lead by hand: the sales team's one-to-one touches, logged on the lead
/// page or through the API. They sit in the lead's timeline beside marketing's tracked events,
/// and attribution credits them as the sales team's touches.
public enum SalesActivityKind: String, Sendable, Hashable, CaseIterable, Codable {
    case call
    case email
    case meeting
    case note

    public var label: String {
        switch self {
        case .call: return "Call"
        case .email: return "Email"
        case .meeting: return "Meeting"
        case .note: return "Note"
        }
    }

    /// The outcomes this kind may end with; a note has none.
    public var outcomes: [SalesActivityOutcome] {
        switch self {
        case .call: return [.connected, .leftVoicemail, .noAnswer, .wrongNumber]
        case .email: return [.sent, .replied, .bounced]
        case .meeting: return [.held, .noShow, .rescheduled]
        case .note: return []
        }
    }

    /// Whether the activity reached the person, so it counts as a touch (speed to lead).
    public var touchesTheLead: Bool { self != .note }

    /// Calls and meetings last a while; emails and notes do not.
    public var hasDuration: Bool { self == .call || self == .meeting }
}

/// How a call, an email or a meeting ended.
public enum SalesActivityOutcome: String, Sendable, Hashable, CaseIterable, Codable {
    case connected
    case leftVoicemail = "left_voicemail"
    case noAnswer = "no_answer"
    case wrongNumber = "wrong_number"
    case sent
    case replied
    case bounced
    case held
    case noShow = "no_show"
    case rescheduled

    public var label: String {
        switch self {
        case .connected: return "Connected"
        case .leftVoicemail: return "Left a voicemail"
        case .noAnswer: return "No answer"
        case .wrongNumber: return "Wrong number"
        case .sent: return "Sent"
        case .replied: return "Replied"
        case .bounced: return "Bounced"
        case .held: return "Held"
        case .noShow: return "No-show"
        case .rescheduled: return "Rescheduled"
        }
    }
}

/// A logged activity as stored.
public struct SalesActivity: Sendable, Hashable, Identifiable {
    public typealias ID = EntityID<SalesActivity>

    public let id: ID
    public let leadId: Lead.ID
    public let kind: SalesActivityKind
    public let outcome: SalesActivityOutcome?
    /// When it happened, which may be earlier than when it was logged.
    public let occurredAt: Double
    public let durationMinutes: Int?
    public let subject: String?
    public let notes: String?
    /// Who logged it, as actors are stored (`user:EMAIL`, `api_key:NAME`).
    public let actor: String
    public let loggedAt: Double

    public init(
        id: ID, leadId: Lead.ID, kind: SalesActivityKind, outcome: SalesActivityOutcome?, occurredAt: Double, durationMinutes: Int?,
        subject: String?, notes: String?, actor: String, loggedAt: Double
    ) {
        (self.id, self.leadId, self.kind, self.outcome, self.occurredAt) = (id, leadId, kind, outcome, occurredAt)
        (self.durationMinutes, self.subject, self.notes, self.actor, self.loggedAt) = (durationMinutes, subject, notes, actor, loggedAt)
    }
}
