import Foundation
import Hummingbird
import HummingbirdTesting
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Confirmations name what changed")
struct ConfirmationTests {
    @Test("revoking a key and stopping a webhook say which one")
    func keysAndWebhooks() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            let key = try await app.database.apiKeys.create(kind: .api, name: "Zapier sync", role: "admin", now: app.clock.now())
            let hook = try await app.database.webhooks.create(
                try WebhookInput(url: "https://hooks.example/tandem", topics: ["lead.mql"], format: nil), by: .commandLine,
                now: app.clock.now())
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            try await admin.get("/settings/keys")
            let revoked = try await admin.post("/settings/keys/\(key.key.id)/revoke", [:])
            #expect(revoked.status == .ok && revoked.html.contains("The key “Zapier sync” is revoked"))
            #expect(try await admin.post("/settings/keys/\(key.key.id)/revoke", [:]).status == .notFound)
            let stopped = try await admin.post("/settings/webhooks/\(hook.id)/delete", [:])
            #expect(stopped.status == .ok && stopped.html.contains("The webhook to https://hooks.example/tandem is stopped"))
        }
    }
}
