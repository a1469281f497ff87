/// A lead's place in the demand waterfall.
///
/// The main stages are ordered; `recycled` and `disqualified` are side states that only a
/// deliberate decision (sales' rejection, nurture, an admin) reaches.
public enum LifecycleStage: String, Sendable, CaseIterable, Codable, Comparable {
    case subscriber
    case lead
    case mql
    case sal
    case sql
    case opportunity
    case customer
    case recycled
    case disqualified

    /// The funnel stages in order; side states have no rank.
    public static let funnel: [LifecycleStage] = [.subscriber, .lead, .mql, .sal, .sql, .opportunity, .customer]

    /// The stage's name as people read it on a page.
    public var label: String {
        switch self {
        case .subscriber: return "Subscriber"
        case .lead: return "Lead"
        case .mql: return "MQL"
        case .sal: return "SAL"
        case .sql: return "SQL"
        case .opportunity: return "Opportunity"
        case .customer: return "Customer"
        case .recycled: return "Recycled"
        case .disqualified: return "Disqualified"
        }
    }

    /// Position in the funnel, `nil` for the side states.
    public var funnelRank: Int? { Self.funnel.firstIndex(of: self) }

    public static func < (lhs: LifecycleStage, rhs: LifecycleStage) -> Bool {
        (lhs.funnelRank ?? -1) < (rhs.funnelRank ?? -1)
    }

    /// Reads a stage from our own names and from the labels and internal values of HubSpot
    /// (`marketingqualifiedlead`, "Marketing Qualified Lead") and Salesforce ("Working",
    /// "Qualified"), so imports and APIs accept what users already have.
    public init?(label: String) {
        let key = label.lowercased().filter { $0.isLetter }
        guard let stage = Self.labels[key] else { return nil }
        self = stage
    }

    private static let labels: [String: LifecycleStage] = [
        "subscriber": .subscriber,
        "lead": .lead, "new": .lead, "open": .lead, "opennotcontacted": .lead,
        "mql": .mql, "marketingqualifiedlead": .mql, "marketingqualified": .mql,
        "sal": .sal, "salesacceptedlead": .sal, "salesaccepted": .sal, "working": .sal,
        "workingcontacted": .sal, "contacted": .sal, "inprogress": .sal,
        "sql": .sql, "salesqualifiedlead": .sql, "salesqualified": .sql, "qualified": .sql,
        "closedconverted": .sql, "converted": .sql,
        "opportunity": .opportunity,
        "customer": .customer, "evangelist": .customer,
        "recycled": .recycled, "nurture": .recycled, "nurturing": .recycled,
        "disqualified": .disqualified, "unqualified": .disqualified, "closednotconverted": .disqualified,
        "other": .lead,
    ]
}
