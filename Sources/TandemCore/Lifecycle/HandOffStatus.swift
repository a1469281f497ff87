/// Where a hand-off stands. The SLA clock and the inbox read `open` and `unassigned`; reports
/// read how the rest ended.
public enum HandOffStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// With a rep, waiting for their answer; the SLA clock runs.
    case open
    /// Waiting for routing: no rep had room or none matched.
    case unassigned
    /// The rep (or a later stage change) took the lead on.
    case accepted
    /// The rep turned the lead down with a reason, or it left `mql` backwards.
    case rejected
    /// Nobody answered within the second limit; a newer hand-off went to another rep.
    case reassigned
    /// Stopped waiting without an answer: the lead was no longer an MQL, or was gone, when the
    /// SLA clock came to route it.
    case closed

    /// Still waiting for sales.
    public var isWaiting: Bool { self == .open || self == .unassigned }

    /// The statuses of hand-offs that still wait, as the inbox and the SLA clock query them.
    public static let waiting: [HandOffStatus] = [.open, .unassigned]
}
