import Crypto
import Foundation
import SQLKit
import TandemCore

extension APIKey: TableRow {}

/// Creates keys and recognises them. Only a SHA-256 of each key is stored: keys are 190 bits of
/// randomness, so a fast hash is safe and keeps every request's check cheap.
public struct APIKeyStore: Sendable {
    let database: Database

    /// Creates a key and returns it with its secret, which is shown once and never stored.
    public func create(
        kind: KeyKind, name: String, role: String = "admin", ownerEmail: String? = nil, allowedOrigins: [String] = [],
        by actor: Actor = .commandLine,
        now: Double
    ) async throws -> (key: APIKey, secret: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 200 else {
            throw ValidationError(code: "invalid_value", field: "name", message: "a key needs a name of 1 to 200 characters")
        }
        let role = try Role.parse(role).rawValue
        let owner = try ownerEmail.map(\.trimmed).flatMap { $0.isEmpty ? nil : try EmailAddress($0, field: "owner").value }
        if kind == .api, role == Role.sales.rawValue, owner == nil {
            throw ValidationError(
                code: "missing_field", field: "owner", message: "a sales key acts for one rep: give the rep's email as its owner")
        }
        let origins = try allowedOrigins.map(Self.origin)
        let secret = (kind == .write ? "tdw_" : "tda_") + Self.randomToken(length: 32)
        let prefix = String(secret.prefix(8))
        let id = try await database.write { db -> APIKey.ID in
            let inserted = try await db.insert(into: "api_keys")
                .columns("kind", "name", "role", "owner_email", "prefix", "secret_hash", "created_at", "allowed_origins")
                .values(
                    SQLBind(kind.rawValue), SQLBind(trimmed), SQLBind(role), SQLBind(owner), SQLBind(prefix), SQLBind(Self.hash(secret)),
                    SQLBind(now), SQLBind(origins.joined(separator: ","))
                )
                .returning("id")
                .first(decodingColumn: "id", as: APIKey.ID.self)
            guard let id = inserted else { throw DatabaseError.unavailable("the key was not stored") }
            let what = kind == .write ? "write key" : "\(role) API key" + (owner.map { " for \($0)" } ?? "")
            try await AuditTrail.append(
                actor.entry("key.created", "key", id.description, "created the \(what) '\(trimmed)' (\(prefix)…)"), at: now, on: db)
            return id
        }
        let key = APIKey(
            id: id, kind: kind, name: trimmed, role: role, ownerEmail: owner, prefix: prefix, createdAt: now, allowedOrigins: origins)
        return (key, secret)
    }

    /// The live key with this secret, or `nil`.
    public func find(secret: String, kind: KeyKind) async throws -> APIKey? {
        try await database.read { db in
            try await db.select().columns(APIKey.columns).from("api_keys")
                .where("secret_hash", .equal, SQLBind(Self.hash(secret)))
                .where("kind", .equal, SQLBind(kind.rawValue))
                .where("revoked_at", .is, SQLLiteral.null)
                .first().map(APIKey.decode)
        }
    }

    /// A web origin as browsers send it: scheme, host and optional port, lower case, no path.
    static func origin(_ text: String) throws -> String {
        let origin = text.trimmed.lowercased()
        let parts = origin.split(separator: "://", maxSplits: 1)
        guard parts.count == 2, let scheme = parts.first, let host = parts.last, scheme == "http" || scheme == "https",
            !host.isEmpty, !host.contains("/"), !host.contains(","), !host.contains(where: \.isWhitespace), origin.count <= 200
        else {
            throw ValidationError(
                code: "invalid_value", field: "origin",
                message: "'\(text.prefix(200))' is not a web origin such as https://www.acme.io (scheme and host, no path)")
        }
        return origin
    }

    /// The keys that work, oldest first.
    public func list() async throws -> [APIKey] {
        try await database.read { db in
            try await db.select().columns(APIKey.columns).from("api_keys")
                .where("revoked_at", .is, SQLLiteral.null).orderBy("id").all().map(APIKey.decode)
        }
    }

    /// Revokes a live key; returns false when no live key has this id.
    public func revoke(id: APIKey.ID, by actor: Actor = .commandLine, now: Double) async throws -> Bool {
        try await database.write { db in
            let live = try await db.select().columns("name", "prefix").from("api_keys").where("id", .equal, SQLBind(id))
                .where("revoked_at", .is, SQLLiteral.null).first()
            guard let live else { return false }
            try await db.update("api_keys").set("revoked_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
            let name = try live.decode(column: "name", as: String.self)
            let prefix = try live.decode(column: "prefix", as: String.self)
            try await AuditTrail.append(
                actor.entry("key.revoked", "key", id.description, "revoked '\(name)' (\(prefix)…)"), at: now, on: db)
            return true
        }
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func randomToken(length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(clamping: generator.next(upperBound: UInt64(clamping: alphabet.count)))] })
    }
}

extension APIKeyStore {
    /// A fresh 43-character random token (256 bits), for sessions and forms.
    public static func newToken() -> String { randomToken(length: 43) }
}
