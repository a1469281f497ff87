import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("API and write keys")
struct APIKeyStoreTests {
    @Test("a key is stored only as a hash, found by its secret and only for its kind", arguments: TestEngine.available)
    func storedHashed(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let keys = database.apiKeys
            let (key, secret) = try await keys.create(kind: .api, name: "ops", role: "marketing", now: Date().timeIntervalSince1970)
            #expect(secret.hasPrefix("tda_"))
            #expect(secret.count == 36)
            #expect(key.prefix == String(secret.prefix(8)))
            let leaked = try await database.count("api_keys", where: "secret_hash = '\(secret)' OR name = '\(secret)'")
            #expect(leaked == 0)
            #expect(try await keys.find(secret: secret, kind: .api)?.role == "marketing")
            #expect(try await keys.find(secret: secret, kind: .write) == nil)
            #expect(try await keys.find(secret: secret + "x", kind: .api) == nil)
        }
    }

    @Test("a key needs a name and a known role", arguments: TestEngine.available)
    func validation(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let keys = database.apiKeys
            await #expect(throws: ValidationError.self) {
                try await keys.create(kind: .write, name: "  ", now: Date().timeIntervalSince1970)
            }
            await #expect(throws: ValidationError.self) {
                try await keys.create(kind: .api, name: "x", role: "root", now: Date().timeIntervalSince1970)
            }
            let stored = try await database.count("api_keys")
            #expect(stored == 0)
        }
    }

    @Test("a revoked key stops working and leaves the list", arguments: TestEngine.available)
    func revoke(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let keys = database.apiKeys
            let (first, secret) = try await keys.create(kind: .write, name: "site", now: Date().timeIntervalSince1970)
            let (second, _) = try await keys.create(kind: .api, name: "ops", now: Date().timeIntervalSince1970)
            #expect(try await keys.list().map(\.id) == [first.id, second.id])
            #expect(try await keys.revoke(id: first.id, now: Date().timeIntervalSince1970))
            #expect(try await keys.revoke(id: first.id, now: Date().timeIntervalSince1970) == false)
            #expect(try await keys.find(secret: secret, kind: .write) == nil)
            #expect(try await keys.list().map(\.id) == [second.id])
        }
    }
}
