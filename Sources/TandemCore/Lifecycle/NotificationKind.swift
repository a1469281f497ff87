/// What an in-app notification is about; the bell groups and words them by kind.
public enum NotificationKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A new MQL was handed to the rep.
    case assigned
    /// A lead of the rep's shows a burst of buying intent.
    case callNow = "call_now"
    /// A hand-off of the rep's ran past its SLA.
    case slaBreached = "sla_breached"
    /// A hand-off of the rep's went to someone else after no answer.
    case reassigned
}
