import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on NIO's thread pool: a hash takes a quarter second of CPU, which must not
/// stall the event loop that serves everyone else's requests.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

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
        try await NIOThreadPool.singleton.runIfActive {
            guard let hash else {
                _ = Bcrypt.verify(password, hash: Self.decoy)
                return false
            }
            return Bcrypt.verify(password, hash: hash)
        }
    }

    private static let decoy = Bcrypt.hash("tandem-decoy-password", cost: 12)
}
