import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Webhooks cannot reach inside")
struct WebhookSSRFTests {
    @Test("targets on loopback, private and metadata addresses are refused when saved, with the reason")
    func refusedAtSave() async throws {
        try await TestApp.run(configure: { $0.webhookAllowPrivate = false }) { app, client in
            for url in [
                "http://127.0.0.1:8080/hook", "http://0x7f000001/hook", "http://169.254.169.254/latest/meta-data/", "http://localhost/x",
                "http://[::1]:9/", "http://10.0.0.8/", "http://2130706433/",
            ] {
                let response = try await client.execute(
                    uri: "/api/v1/webhooks", method: .post, headers: app.bearer(),
                    body: ByteBuffer(json: ["url": .string(url), "topics": ["lead.mql"]]))
                #expect(response.status == .unprocessableContent, "\(url)")
                #expect(try response.json["error"]?["field"] == "url", "\(url)")
            }
            #expect(try await app.database.webhooks.list().isEmpty)
        }
    }

    @Test("a stored target on loopback is not sent to at delivery, and redirects are not followed")
    func checkedAtDelivery() async throws {
        let hits = ReceivedRequests(failingFirst: 0, of: "")
        let inner = Router()
        inner.post("/secret") { request, _ -> Response in
            Response(status: hits.record(.init(headers: [:], body: "")))
        }
        try await Application(router: inner).test(.live) { innerClient in
            let outer = Router()
            let target = "http://127.0.0.1:\(innerClient.port ?? 0)/secret"
            outer.post("/hook") { _, _ -> Response in Response(status: .temporaryRedirect, headers: [.location: target]) }
            try await Application(router: outer).test(.live) { outerClient in
                try await TestApp.run { app, client in
                    try await app.createUser(TestApp.repEmail, role: .sales)
                    let url = "http://127.0.0.1:\(outerClient.port ?? 0)/hook"
                    _ = try await app.database.webhooks.create(
                        try WebhookInput(url: url, topics: ["lead.mql"], format: nil), by: .commandLine, now: Date().timeIntervalSince1970)
                    try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
                    let store = app.database.webhooks

                    // Default policy: not even attempted.
                    let strict = WebhookDeliverer(store: store, clock: app.clock, timeout: .seconds(2))
                    #expect(try await strict.deliverDue() == 1)
                    let webhook = try #require(try await store.list().first)
                    var log = try await store.deliveries(webhookId: webhook.id)
                    #expect(log.first?.attempts.first?.statusCode == nil)
                    #expect(log.first?.attempts.first?.error?.contains("public addresses only") == true)

                    // Private ranges allowed (on-premises): sent, but the 307 is not followed.
                    app.clock.advance(by: 3600)
                    let onPremises = WebhookDeliverer(
                        store: store, clock: app.clock, timeout: .seconds(2), policy: WebhookTargetPolicy(allowPrivate: true))
                    #expect(try await onPremises.deliverDue() == 1)
                    log = try await store.deliveries(webhookId: webhook.id)
                    #expect(log.first?.attempts.contains { $0.statusCode == 307 } == true)
                    #expect(hits.all.isEmpty, "the redirect to another internal port was followed")
                }
            }
        }
    }
}
