/// When repeated failed sign-ins must wait: after `limit` failures within `window` seconds, the
/// next attempt waits until the oldest of those failures ages out of the window.
public struct SignInThrottlePolicy: Sendable {
    /// Failures allowed per email.
    public let limit: Int
    /// Failures allowed per client address: an office shares one, so it gets more.
    public var addressLimit: Int { limit * 4 }
    public let window: Double

    public init(limit: Int = 5, window: Double = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait, or `nil` when an attempt is allowed now.
    /// - Parameters:
    ///   - failures: the failure times within the window, in any order.
    public func retryAfter(failures: [Double], limit: Int, now: Double) -> Double? {
        let recent = failures.filter { now - $0 < window }.sorted()
        guard recent.count >= limit else { return nil }
        return max(1, (recent[recent.count - limit] + window - now).rounded(.up))
    }
}
