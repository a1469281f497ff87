import Synchronization
import TandemCore
import TandemStore

/// Remembers recently seen write keys for a few seconds, so a client sending hundreds of
/// batches a second costs one key lookup every few seconds rather than one per batch.
/// A revoked write key therefore stops working within `lifetime` (10 s); API keys are not cached.
final class WriteKeyCache: Sendable {
    private struct Entry {
        let key: APIKey
        let expires: Double
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Double
    private let clock: any WallClock
    private let capacity = 1024

    /// - Parameter lifetime: seconds a key is trusted without a lookup, on the app's `clock`.
    init(lifetime: Double = 10, clock: any WallClock) {
        self.lifetime = lifetime
        self.clock = clock
    }

    /// The key for `secret`, from memory while fresh, else from `lookup` (unknown keys are not
    /// remembered, so made-up keys cannot fill the cache).
    func key(for secret: String, lookup: (String) async throws -> APIKey?) async throws -> APIKey? {
        let now = clock.now()
        if let entry = entries.withLock({ $0[secret] }), entry.expires > now { return entry.key }
        guard let key = try await lookup(secret) else { return nil }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[secret] = Entry(key: key, expires: now + lifetime)
        }
        return key
    }
}
