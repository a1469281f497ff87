import Foundation

/// Exponential decay of engagement: a point earned one half-life ago is worth half a point.
public struct Decay: Sendable, Hashable {
    /// Seconds after which a point is worth half.
    public let halfLife: Double

    public init(halfLifeDays: Double) {
        self.halfLife = TimeSpan.days(halfLifeDays)
    }

    /// What one point is worth `elapsed` seconds later. Time never runs backwards here: an
    /// event stamped in the future is worth its full points until then.
    public func factor(elapsed: Double) -> Double {
        guard elapsed > 0, halfLife > 0 else { return 1 }
        return exp2(-elapsed / halfLife)
    }

    /// `value`, held since `from`, as it stands at `to`.
    public func value(_ value: Double, from: Double, to: Double) -> Double {
        value == 0 ? 0 : value * factor(elapsed: to - from)
    }
}
