import Foundation

/// Who or what moved a lead between stages; reports need to tell a person from a rule.
public enum StageActor: Sendable, Hashable, Codable, CustomStringConvertible {
    case user(String)
    case apiKey(String)
    case rule(String)
    case importFile(String)
    case tracking
    case system

    /// The MQL rule, which moves a lead to `mql` when its scores pass the thresholds; the demo's
    /// history uses it too, so the rule has one name everywhere.
    public static let mqlRule = StageActor.rule("mql_threshold")

    public var description: String {
        switch self {
        case .user(let name): return "user:\(name)"
        case .apiKey(let name): return "api_key:\(name)"
        case .rule(let name): return "rule:\(name)"
        case .importFile(let name): return "import:\(name)"
        case .tracking: return "tracking"
        case .system: return "system"
        }
    }

    /// Reads the stored form back.
    public init(stored: String) {
        let parts = stored.split(separator: ":", maxSplits: 1).map(String.init)
        let value = parts.count > 1 ? parts[1] : ""
        switch parts.first {
        case "user": self = .user(value)
        case "api_key": self = .apiKey(value)
        case "rule": self = .rule(value)
        case "import": self = .importFile(value)
        case "tracking": self = .tracking
        default: self = .system
        }
    }

    /// Only an administrator may reopen a disqualified lead.
    var mayReopen: Bool {
        switch self {
        case .user, .apiKey, .system: return true
        case .rule, .importFile, .tracking: return false
        }
    }
}

/// One recorded move of a lead between stages. Reports are computed from these, never from the
/// current stage alone.
public struct StageChange: Sendable, Hashable {
    public let from: LifecycleStage?
    public let to: LifecycleStage
    public let at: Double
    public let actor: StageActor
    public let reason: String?

    public init(from: LifecycleStage?, to: LifecycleStage, at: Double, actor: StageActor, reason: String?) {
        self.from = from
        self.to = to
        self.at = at
        self.actor = actor
        self.reason = reason
    }
}

/// The single place that decides which stage moves are allowed.
public enum StageTransitions {
    /// Decides whether `from` → `to` is allowed for `actor` with the given reason.
    ///
    /// - Forward moves along the funnel may skip stages (an import can start at `customer`).
    /// - Backward moves exist only as `recycled` and `disqualified`.
    /// - Leaving `mql` for `recycled`/`disqualified` is a rejection and needs a reason that
    ///   starts with a rejection code (`RejectionReason`), as the inbox writes it.
    /// - `recycled` leads re-enter at `mql` or later; `disqualified` is terminal unless a person
    ///   (or an admin's API key) reopens it, with a reason.
    /// - Returns: `nil` when allowed, else the error to show.
    public static func check(
        from: LifecycleStage?,
        to: LifecycleStage,
        actor: StageActor,
        reason: String?
    ) -> ValidationError? {
        guard let from else { return nil }
        let hasReason = !(reason ?? "").trimmed.isEmpty
        if from == to {
            return ValidationError(code: "invalid_transition", field: "stage", message: "the lead is already \(to.rawValue)")
        }
        switch (from, to) {
        case (.disqualified, _):
            guard actor.mayReopen else {
                return refused(from, to, "a disqualified lead can only be reopened by a person")
            }
            guard hasReason else { return refused(from, to, "reopening a disqualified lead needs a reason") }
            return nil
        case (.mql, .recycled), (.mql, .disqualified):
            // It is a rejection whoever makes it: marketing learns from its code.
            guard RejectionReason.leading(reason) != nil else {
                let codes = RejectionReason.allCases.map(\.rawValue).joined(separator: ", ")
                return ValidationError(
                    code: "invalid_transition", field: "reason_code",
                    message: "taking a lead back out of MQL needs a reason code (\(codes))")
            }
            return nil
        case (_, .recycled), (_, .disqualified):
            return nil
        case (.recycled, let target):
            guard let rank = target.funnelRank, rank >= LifecycleStage.mql.funnelRank ?? 0 else {
                return refused(from, to, "a recycled lead comes back as mql or later")
            }
            return nil
        default:
            guard let fromRank = from.funnelRank, let toRank = to.funnelRank, toRank > fromRank else {
                return refused(from, to, "backward moves exist only as recycled or disqualified")
            }
            return nil
        }
    }

    /// True when `check` allows the move.
    public static func isAllowed(from: LifecycleStage?, to: LifecycleStage, actor: StageActor, reason: String?) -> Bool {
        check(from: from, to: to, actor: actor, reason: reason) == nil
    }

    private static func refused(_ from: LifecycleStage, _ to: LifecycleStage, _ why: String) -> ValidationError {
        ValidationError(
            code: "invalid_transition",
            field: "stage",
            message: "cannot move from \(from.rawValue) to \(to.rawValue): \(why)"
        )
    }
}
