import Foundation
import TandemCore
import TandemStore

/// Slows password guessing, per `SignInThrottlePolicy`: failures are counted per email and per
/// client address in the database, so every server counts the same ones. A successful sign-in
/// clears the email's failures.
struct SignInThrottle: Sendable {
    let failures: SignInFailureStore
    var policy = SignInThrottlePolicy()

    private static func keys(email: String, address: String?) -> (email: String, address: String?) {
        ("email:\(email.trimmed.lowercased())", address.map { "ip:\($0)" })
    }

    /// Seconds to wait before trying again, or `nil` when an attempt is allowed now.
    func retryAfter(email: String, address: String?, now: Double = Date().timeIntervalSince1970) async throws -> Double? {
        let keys = Self.keys(email: email, address: address)
        let found = try await failures.failures(keys: [keys.email] + (keys.address.map { [$0] } ?? []), since: now - policy.window)
        let byEmail = policy.retryAfter(failures: found[keys.email] ?? [], limit: policy.limit, now: now)
        let byAddress = keys.address.flatMap { policy.retryAfter(failures: found[$0] ?? [], limit: policy.addressLimit, now: now) }
        return [byEmail, byAddress].compactMap { $0 }.max()
    }

    func recordFailure(email: String, address: String?, now: Double = Date().timeIntervalSince1970) async throws {
        let keys = Self.keys(email: email, address: address)
        try await failures.record(keys: [keys.email] + (keys.address.map { [$0] } ?? []), at: now, forgetBefore: now - policy.window)
    }

    func recordSuccess(email: String) async throws {
        try await failures.clear(key: Self.keys(email: email, address: nil).email)
    }
}
