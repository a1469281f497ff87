import Foundation
import TandemCore
import TandemStore

/// Limits failed sign-ins per email and per client address, counted in the database so every
/// server behind a load balancer shares the count. An attempt is checked and counted in one
/// transaction before its password is verified, so a burst of concurrent wrong passwords
/// cannot all slip past the limit; a successful attempt is then taken back.
///
/// A browser that has signed in to an account before (its device cookie) is not held back by
/// the per-address limit: credential stuffing from an office's shared address does not lock out
/// the people who work there. The per-email limit holds for every browser.
struct SignInThrottle: Sendable {
    let failures: SignInFailureStore
    var policy = SignInThrottlePolicy()

    /// An attempt counted by `begin`, to be settled as a success or left as a failure.
    struct Attempt: Sendable {
        let keys: [String]
        let at: Double
    }

    private static func emailKey(_ email: String) -> String { "email:\(email.trimmed.lowercased())" }

    /// Counts an attempt, or returns the seconds to wait when one of its keys is over its limit.
    func begin(
        email: String, address: String?, trustedDevice: Bool, now: Double
    ) async throws -> Result<Attempt, Wait> {
        let emailKey = Self.emailKey(email)
        let addressKey = trustedDevice ? nil : address.map { "ip:\($0)" }
        let keys = [emailKey] + (addressKey.map { [$0] } ?? [])
        let policy = policy
        let wait = try await failures.reserve(keys: keys, since: now - policy.window, at: now) { found in
            let byEmail = policy.retryAfter(failures: found[emailKey] ?? [], limit: policy.limit, now: now)
            let byAddress = addressKey.flatMap { policy.retryAfter(failures: found[$0] ?? [], limit: policy.addressLimit, now: now) }
            return [byEmail, byAddress].compactMap { $0 }.max()
        }
        if let wait { return .failure(Wait(seconds: wait)) }
        return .success(Attempt(keys: keys, at: now))
    }

    /// The attempt signed in: it is not a failure, and the email's earlier failures are forgotten.
    func succeeded(_ attempt: Attempt) async throws {
        try await failures.release(keys: attempt.keys, at: attempt.at)
        if let emailKey = attempt.keys.first { try await failures.clear(key: emailKey) }
    }

    /// How long to wait before the next attempt.
    struct Wait: Error, Sendable {
        let seconds: Double
    }
}
