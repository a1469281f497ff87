import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

/// What a test receiver was sent.
final class ReceivedRequests: Sendable {
    struct Request: Sendable {
        let headers: [String: String]
        let body: String
    }

    private let state = Mutex<(requests: [Request], failuresLeft: [String: Int])>(([], [:]))

    /// Answers 500 to the first `count` deliveries of `topic`, 200 to everything else.
    init(failingFirst count: Int, of topic: String) {
        state.withLock { $0.failuresLeft = [topic: count] }
    }

    func record(_ request: Request) -> HTTPResponse.Status {
        state.withLock { state in
            state.requests.append(request)
            let topic = request.headers["tandem-event"] ?? ""
            guard let left = state.failuresLeft[topic], left > 0 else { return .ok }
            state.failuresLeft[topic] = left - 1
            return .internalServerError
        }
    }

    var all: [Request] { state.withLock { $0.requests } }
}

@Suite("Webhooks: signing, delivery, retries")
struct WebhookTests {
    @Test("the signature is HMAC-SHA256 of the timestamp and body, and verification refuses tampering and old timestamps")
    func signing() {
        // RFC-style vector: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        #expect(
            WebhookSigner.hmac(secret: "key", message: "The quick brown fox jumps over the lazy dog")
                == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        let header = WebhookSigner.signature(secret: "whsec_1", timestamp: 1_800_000_000, body: "{\"a\":1}")
        #expect(header.hasPrefix("t=1800000000,v1="))
        #expect(WebhookSigner.verify(header: header, secret: "whsec_1", body: "{\"a\":1}", now: 1_800_000_100))
        #expect(!WebhookSigner.verify(header: header, secret: "whsec_1", body: "{\"a\":2}", now: 1_800_000_100))
        #expect(!WebhookSigner.verify(header: header, secret: "whsec_2", body: "{\"a\":1}", now: 1_800_000_100))
        #expect(!WebhookSigner.verify(header: header, secret: "whsec_1", body: "{\"a\":1}", now: 1_800_001_000), "replayed too late")
    }

    @Test("retries wait twice as long each time, up to a ceiling, then give up")
    func backoff() {
        let schedule = RetrySchedule(base: 10, ceiling: 60, maxAttempts: 5)
        #expect((1...5).map { schedule.delay(afterAttempts: $0) } == [10, 20, 40, 60, nil])
    }

    @Test("a webhook URL that is not http(s) is refused and nothing is created")
    func invalidURL() async throws {
        try await TestApp.run { app, client in
            for url in ["ftp://hooks.example/x", "hooks.example/x", "https://", "javascript:alert(1)"] {
                let response = try await client.execute(
                    uri: "/api/v1/webhooks", method: .post, headers: app.bearer(),
                    body: ByteBuffer(json: ["url": .string(url), "topics": ["lead.mql"]]))
                #expect(response.status == .unprocessableContent, "\(url)")
                #expect(try response.json["error"]?["field"] == "url")
            }
            let unknownTopic = try await client.execute(
                uri: "/api/v1/webhooks", method: .post, headers: app.bearer(),
                body: ByteBuffer(json: ["url": "https://hooks.example/x", "topics": ["lead.won"]]))
            #expect(unknownTopic.status == .unprocessableContent)
            #expect(try await app.database.webhooks.list().isEmpty)
            let bySales = try await client.execute(
                uri: "/api/v1/webhooks", method: .post, headers: app.bearer(app.salesKey),
                body: ByteBuffer(json: ["url": "https://hooks.example/x", "topics": ["lead.mql"]]))
            #expect(bySales.status == .forbidden)
        }
    }

    @Test("a hand-off is delivered signed, retried after a failure with the same delivery id, and logged per attempt")
    func deliveryWithRetry() async throws {
        let received = ReceivedRequests(failingFirst: 1, of: "lead.assigned")
        let receiver = Router()
        receiver.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            return Response(status: received.record(.init(headers: headers, body: String(buffer: body))))
        }
        try await Application(router: receiver).test(.live) { receiverClient in
            try await TestApp.run { app, client in
                try await app.createUser(TestApp.repEmail, role: .sales)
                let url = "http://127.0.0.1:\(receiverClient.port!)/hook"
                let created = try await client.execute(
                    uri: "/api/v1/webhooks", method: .post, headers: app.bearer(),
                    body: ByteBuffer(json: ["url": .string(url), "topics": ["lead.assigned"]]))
                #expect(created.status == .created)
                let secret = try #require(try created.json["secret"]?.stringValue)
                let slack = try await client.execute(
                    uri: "/api/v1/webhooks", method: .post, headers: app.bearer(),
                    body: ByteBuffer(json: ["url": .string(url), "topics": ["lead.mql"], "format": "slack"]))
                #expect(slack.status == .created)

                try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
                let deliverer = WebhookDeliverer(
                    store: app.database.webhooks, clock: app.clock,
                    schedule: RetrySchedule(base: 30, ceiling: 3600, maxAttempts: 5), policy: WebhookTargetPolicy(allowPrivate: true))
                #expect(try await deliverer.deliverDue() == 2)
                #expect(received.all.count == 2)
                #expect(try await deliverer.deliverDue() == 0, "the failed one waits for its retry")
                app.clock.advance(by: 30)
                #expect(try await deliverer.deliverDue() == 1)

                let assigned = received.all.filter { $0.headers["tandem-event"] == "lead.assigned" }
                try #require(assigned.count == 2)
                #expect(assigned[0].headers["tandem-delivery"] == assigned[1].headers["tandem-delivery"], "a retry keeps its delivery id")
                let body = assigned[1].body
                #expect(
                    WebhookSigner.verify(
                        header: assigned[1].headers["tandem-signature"] ?? "", secret: secret, body: body, now: app.clock.now()))
                let envelope = try JSONValue.parse(body)
                #expect(envelope["type"] == "lead.assigned")
                #expect(envelope["id"]?.stringValue == assigned[1].headers["tandem-delivery"])
                #expect(envelope["data"]?["lead"]?["email"] == "kim@bigco.example")
                #expect(envelope["data"]?["handoff"]?["owner"] == .string(TestApp.repEmail))

                let mql = try #require(received.all.first { $0.headers["tandem-event"] == "lead.mql" })
                let text = try JSONValue.parse(mql.body)["text"]?.stringValue ?? ""
                #expect(text.hasPrefix("*New MQL*: kim@bigco.example"), "\(text)")

                let webhookId = try #require(try created.json["id"]?.textValue)
                let log = try await client.execute(uri: "/api/v1/webhooks/\(webhookId)/deliveries", method: .get, headers: app.bearer())
                let delivery = try #require(try log.json["data"]?.arrayValue?.first)
                #expect(delivery["status"] == "delivered")
                #expect(delivery["attempts"]?.arrayValue?.compactMap { $0["status_code"] } == [500, 200])
            }
        }
    }

    @Test("an unreachable receiver is logged with its error and scheduled again")
    func unreachable() async throws {
        try await TestApp.run { app, client in
            try await app.createUser(TestApp.repEmail, role: .sales)
            // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
            _ = try await app.database.webhooks.create(
                try WebhookInput(url: "http://127.0.0.1:9/hook", topics: ["lead.mql"], format: nil), by: .commandLine,
                now: Date().timeIntervalSince1970)
            try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            let deliverer = WebhookDeliverer(
                store: app.database.webhooks, clock: app.clock, timeout: .seconds(2),
                policy: WebhookTargetPolicy(allowPrivate: true))
            #expect(try await deliverer.deliverDue() == 1)
            let webhook = try #require(try await app.database.webhooks.list().first)
            let log = try await app.database.webhooks.deliveries(webhookId: webhook.id)
            #expect(log.first?.delivery.status.rawValue == "retrying")
            #expect(log.first?.attempts.first?.statusCode == nil)
            #expect(log.first?.attempts.first?.error?.isEmpty == false)
            #expect(log.first?.delivery.nextAttemptAt == app.clock.now() + 10)
        }
    }
}
