import Synchronization
import TandemCore

/// A token bucket per write key: a runaway client gets 429 with `Retry-After` instead of
/// starving everyone else. Kept in memory: each server limits what it serves.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let rate: Double
    private let burst: Double
    private let buckets = Mutex<[APIKey.ID: Bucket]>([:])

    /// - Parameter requestsPerSecond: 0 turns limiting off.
    init(requestsPerSecond: Double) {
        self.rate = requestsPerSecond
        self.burst = max(requestsPerSecond * 2, 1)
    }

    /// Takes one token for `key` at `now` (seconds, from the app's clock); returns the seconds
    /// to wait when there is none.
    func take(_ key: APIKey.ID, now: Double) -> Int? {
        guard rate > 0 else { return nil }
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let seconds = max(0, now - bucket.updated)
            bucket.tokens = min(burst, bucket.tokens + seconds * rate)
            bucket.updated = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, ((1 - bucket.tokens) / rate).rounded(.up).clampedInt)
        }
    }
}
