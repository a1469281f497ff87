/// The whole scoring model: what makes a lead a fit, what counts as engagement, how fast
/// engagement fades, and when a lead is ready for sales. Stored as one versioned document,
/// so a change can be reviewed like code and rolled back.
public struct ScoringModel: Sendable, Hashable {
    public var fitRules: [FitRule]
    public var engagementRules: [EngagementRule]
    /// Engagement halves every this many days.
    public var halfLifeDays: Double
    public var mql: MQLThresholds
    public var grades: GradeBands
    public var callNow: CallNowSignal
    /// A recycled lead may become an MQL again only after this many days.
    public var recycleCoolDownDays: Double

    public init(
        fitRules: [FitRule], engagementRules: [EngagementRule], halfLifeDays: Double = 30, mql: MQLThresholds = MQLThresholds(),
        grades: GradeBands = GradeBands(), callNow: CallNowSignal = CallNowSignal(), recycleCoolDownDays: Double = 30
    ) {
        self.fitRules = fitRules
        self.engagementRules = engagementRules
        self.halfLifeDays = halfLifeDays
        self.mql = mql
        self.grades = grades
        self.callNow = callNow
        self.recycleCoolDownDays = recycleCoolDownDays
    }
}

/// Points for who a lead is: every condition must hold.
public struct FitRule: Sendable, Hashable {
    /// A stable key (`vp_title`): explanations and per-lead state refer to rules by it.
    public var id: String
    public var name: String
    public var when: [RuleCondition]
    public var points: Double

    public init(id: String, name: String, when: [RuleCondition], points: Double) {
        self.id = id
        self.name = name
        self.when = when
        self.points = points
    }
}

/// Points for something a lead did.
public struct EngagementRule: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The event's type (`track`, `page`, …); any type when `nil`.
    public var eventType: MessageType?
    /// The event's name (`Demo Requested`, `Page Viewed`), ignoring case; any name when `nil`.
    public var eventName: String?
    public var when: [RuleCondition]
    /// Points per matching event; negative for signals against buying (unsubscribed).
    public var points: Double
    /// The most this rule may contribute to a lead at any moment (after decay), in points.
    public var cap: Double?
    /// At most one award every this many days.
    public var oncePerDays: Double?

    public init(
        id: String, name: String, eventType: MessageType? = nil, eventName: String? = nil, when: [RuleCondition] = [],
        points: Double, cap: Double? = nil, oncePerDays: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.eventType = eventType
        self.eventName = eventName
        self.when = when
        self.points = points
        self.cap = cap
        self.oncePerDays = oncePerDays
    }
}

/// A lead becomes an MQL when both scores reach these.
public struct MQLThresholds: Sendable, Hashable {
    public var fit: Double
    public var engagement: Double

    public init(fit: Double = 40, engagement: Double = 50) {
        self.fit = fit
        self.engagement = engagement
    }
}

/// The lowest fit for grades A, B and C (below: D), and the lowest engagement for 1, 2 and 3
/// (below: 4). "A1" is the best lead there is.
public struct GradeBands: Sendable, Hashable {
    public var fit: [Double]
    public var engagement: [Double]

    public init(fit: [Double] = [60, 40, 20], engagement: [Double] = [75, 50, 25]) {
        self.fit = fit
        self.engagement = engagement
    }
}

/// A burst of intent worth a phone call now: at least `minimumPoints` of engagement earned
/// within the last `windowHours`.
public struct CallNowSignal: Sendable, Hashable {
    public var windowHours: Double
    public var minimumPoints: Double

    public init(windowHours: Double = 4, minimumPoints: Double = 40) {
        self.windowHours = windowHours
        self.minimumPoints = minimumPoints
    }
}
