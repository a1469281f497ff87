import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// bcrypt, run on NIO's thread pool: a hash takes a quarter second of CPU, which must not
/// stall the event loop that serves everyone else's requests.
public struct PasswordHasher: Sendable {
    public let cost: UInt8
    /// A hash at this hasher's cost, made on first use: a decoy of another cost would make an
    /// unknown email answer faster (or slower) than a known one.
    private let decoy = DecoyHash()

    public init(cost: UInt8 = 12) {
        self.cost = cost
    }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Checks `password` against `hash`. Without a hash (an unknown email) it checks against a
    /// decoy and fails, so a wrong email takes as long as a wrong password and timing does not
    /// reveal who has an account.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let cost = cost
        let decoy = decoy
        return try await NIOThreadPool.singleton.runIfActive {
            guard let hash else {
                let decoyHash = decoy.hash(cost: cost)
                _ = Bcrypt.verify(password, hash: decoyHash)
                return false
            }
            return Bcrypt.verify(password, hash: hash)
        }
    }
}

/// The decoy hash, made once per hasher on first use.
private final class DecoyHash: Sendable {
    private let made = Mutex<String?>(nil)

    func hash(cost: UInt8) -> String {
        if let hash = made.withLock({ $0 }) { return hash }
        let hash = Bcrypt.hash("tandem-decoy-password", cost: cost)
        made.withLock { $0 = hash }
        return hash
    }
}
