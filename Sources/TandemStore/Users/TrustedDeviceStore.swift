import Crypto
import Foundation
import SQLKit
import TandemCore

/// Browsers people have signed in from, known by a long-lived cookie. Such a browser is not held
/// back by the per-address sign-in limit: an attacker trying many emails from an office's
/// address does not lock out the people who work there (OWASP's "device cookies").
public struct TrustedDeviceStore: Sendable {
    let database: Database

    /// Remembers this browser for `email`; returns the cookie's token (only its hash is kept).
    public func trust(email: String, now: Double) async throws -> String {
        let token = APIKeyStore.newToken()
        try await database.write { db in
            try await db.insert(into: "trusted_devices").columns("token_hash", "email", "created_at")
                .values(SQLBind(APIKeyStore.hash(token)), SQLBind(email.trimmed.lowercased()), SQLBind(now)).run()
        }
        return token
    }

    /// Whether `token` is a browser `email` has signed in from.
    public func isTrusted(token: String, email: String) async throws -> Bool {
        guard !token.isEmpty, token.utf8.count <= 100 else { return false }
        return try await database.read { db in
            try await db.select().column("email").from("trusted_devices")
                .where("token_hash", .equal, SQLBind(APIKeyStore.hash(token))).first()
                .map { try $0.decode(column: "email", as: String.self) } == email.trimmed.lowercased()
        }
    }
}
