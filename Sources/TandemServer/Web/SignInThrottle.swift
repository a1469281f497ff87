import Foundation

/// Slows password guessing: after `limit` failed sign-ins for one email, or `limit × 4` from one
/// address, within `window` seconds, further attempts wait until the oldest failure ages out.
///
/// Kept in memory per server: with several servers an attacker gets one allowance per server,
/// which still stops guessing at scale. A successful sign-in clears the email's failures.
actor SignInThrottle {
    private var failuresByEmail: [String: [Double]] = [:]
    private var failuresByAddress: [String: [Double]] = [:]
    let limit: Int
    let window: Double

    init(limit: Int = 5, window: Double = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait before trying again, or `nil` when an attempt is allowed now.
    func retryAfter(email: String, address: String?, now: Double = Date().timeIntervalSince1970) -> Double? {
        let byEmail = wait(failuresByEmail[email.lowercased()] ?? [], limit: limit, now: now)
        let byAddress = address.flatMap { wait(failuresByAddress[$0] ?? [], limit: limit * 4, now: now) }
        switch (byEmail, byAddress) {
        case (nil, nil): return nil
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (let a?, let b?): return max(a, b)
        }
    }

    func recordFailure(email: String, address: String?, now: Double = Date().timeIntervalSince1970) {
        let key = email.lowercased()
        failuresByEmail[key] = recent(failuresByEmail[key] ?? [], now: now) + [now]
        if let address { failuresByAddress[address] = recent(failuresByAddress[address] ?? [], now: now) + [now] }
        if failuresByEmail.count > 100_000 { failuresByEmail = failuresByEmail.filter { !recent($0.value, now: now).isEmpty } }
    }

    func recordSuccess(email: String) {
        failuresByEmail[email.lowercased()] = nil
    }

    private func recent(_ times: [Double], now: Double) -> [Double] {
        times.filter { now - $0 < window }
    }

    private func wait(_ times: [Double], limit: Int, now: Double) -> Double? {
        let recent = recent(times, now: now)
        guard recent.count >= limit else { return nil }
        return max(1, (recent[recent.count - limit] + window - now).rounded(.up))
    }
}
