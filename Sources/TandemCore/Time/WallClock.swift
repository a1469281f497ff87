import Foundation
import Synchronization

/// Where every "now" of the product comes from: SLA deadlines, decay and cool-downs read it,
/// so tests move time forward instead of sleeping.
public protocol WallClock: Sendable {
    /// Seconds since 1970.
    func now() -> Double
}

/// The machine's clock.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Double { Date().timeIntervalSince1970 }
}

/// A clock that moves only when told to: for tests and for replaying history.
public final class ManualClock: WallClock {
    private let current: Mutex<Double>

    public init(_ start: Double) {
        current = Mutex(start)
    }

    public func now() -> Double { current.withLock { $0 } }

    public func set(_ time: Double) { current.withLock { $0 = time } }

    public func advance(by seconds: Double) { current.withLock { $0 += seconds } }
}
