import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Tracking API (Segment-compatible)")
struct TrackingAPITests {
    @Test("a batch is stored, answered 200, and a retry of it is stored once")
    func batchAndRetry() async throws {
        try await TestApp.run { app, client in
            let batch: JSONValue = [
                "batch": [
                    ["type": "identify", "userId": "u1", "anonymousId": nil, "messageId": "m1", "traits": ["email": "ann@acme.io"]],
                    ["type": "track", "userId": "u1", "event": "Signed Up", "messageId": "m2"],
                    ["type": "page", "anonymousId": "a1", "userId": nil, "messageId": "m3", "name": "Pricing"],
                ],
                "sentAt": .string(Timestamp.format(app.clock.now() - 0.5)),
            ]
            for _ in 0..<2 {
                let response = try await client.execute(
                    uri: "/v1/batch", method: .post, headers: app.basicAuth, body: ByteBuffer(json: batch))
                #expect(response.status == .ok)
                #expect(try response.json == ["success": true])
            }
            #expect(
                try await app.database.read { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM events").first(decodingColumn: "n", as: Int.self)
                } == 3)
        }
    }

    @Test("each single-message endpoint takes its type from the path")
    func singleEndpoints() async throws {
        try await TestApp.run { app, client in
            let messages: [(String, JSONValue)] = [
                ("identify", ["userId": "u1", "traits": ["email": "a@b.io"]]), ("track", ["userId": "u1", "event": "E"]),
                ("page", ["anonymousId": "x"]), ("screen", ["anonymousId": "x", "name": "Home"]),
                ("group", ["userId": "u1", "groupId": "g1"]), ("alias", ["userId": "u1", "previousId": "x"]),
            ]
            for (type, message) in messages {
                let response = try await client.execute(
                    uri: "/v1/\(type)", method: .post, headers: app.basicAuth, body: ByteBuffer(json: message))
                #expect(response.status == .ok, "\(type)")
            }
            let types = try await app.database.events.query(EventFilter()).map(\.type.rawValue)
            #expect(types == messages.map(\.0))
        }
    }

    @Test("the write key is read from Basic auth or from the body; an unknown one is 401")
    func writeKeys() async throws {
        try await TestApp.run { app, client in
            let body: JSONValue = ["batch": [["type": "track", "userId": "u", "event": "E"]], "writeKey": .string(app.writeKey)]
            let viaBody = try await client.execute(uri: "/v1/batch", method: .post, body: ByteBuffer(json: body))
            #expect(viaBody.status == .ok)
            let none = try await client.execute(
                uri: "/v1/batch", method: .post, body: ByteBuffer(json: ["batch": [["type": "track", "userId": "u", "event": "E"]]]))
            #expect(none.status == .unauthorized)
            #expect(try none.json["code"] == "unauthorized")
            let wrong = try await client.execute(
                uri: "/v1/track", method: .post, headers: [.authorization: "Basic " + Data("nope:".utf8).base64EncodedString()],
                body: ByteBuffer(json: ["userId": "u", "event": "E"]))
            #expect(wrong.status == .unauthorized)
            let apiKeyAsWriteKey = try await client.execute(
                uri: "/v1/track", method: .post, headers: [.authorization: "Basic " + Data("\(app.adminKey):".utf8).base64EncodedString()],
                body: ByteBuffer(json: ["userId": "u", "event": "E"]))
            #expect(apiKeyAsWriteKey.status == .unauthorized)
        }
    }

    @Test("a gzip body is accepted")
    func gzip() async throws {
        try await TestApp.run { app, client in
            var plain = ByteBuffer(json: ["batch": [["type": "track", "userId": "u", "event": "Zipped", "messageId": "z1"]]])
            let zipped = try plain.compress(with: .gzip())
            var headers = app.basicAuth
            headers[.contentEncoding] = "gzip"
            let response = try await client.execute(uri: "/v1/batch", method: .post, headers: headers, body: zipped)
            #expect(response.status == .ok)
            let broken = try await client.execute(uri: "/v1/batch", method: .post, headers: headers, body: ByteBuffer(string: "not gzip"))
            #expect(broken.status == .badRequest)
        }
    }

    @Test("a batch with invalid messages stores the valid ones, answers 200 with the rejected indices, and logs them")
    func partialBatch() async throws {
        try await TestApp.run { app, client in
            let batch: JSONValue = [
                "batch": [
                    ["type": "track", "userId": "u", "event": "ok", "messageId": "ok1"],
                    ["type": "track", "userId": "u", "messageId": "bad1"],
                    ["type": "track", "event": "anon", "messageId": "bad2"],
                    ["type": "track", "userId": "u", "event": "ok", "messageId": "ok2", "timestamp": "2026-11-26T22:30:14Z"],
                    ["type": "track", "userId": "u", "event": "late", "timestamp": "last tuesday"],
                ]
            ]
            let response = try await client.execute(uri: "/v1/batch", method: .post, headers: app.basicAuth, body: ByteBuffer(json: batch))
            #expect(response.status == .ok)
            let body = try response.json
            #expect(body["success"] == true)
            guard case .array(let rejected)? = body["rejected"] else { Issue.record("no rejected list"); return }
            #expect(rejected.compactMap { $0["index"] } == [1, 2, 4])
            #expect(rejected[0]["message"] == "track needs 'event'")
            #expect(rejected[1]["field"] == "userId")

            let log = try await client.execute(uri: "/api/v1/rejected-messages", method: .get, headers: app.bearer())
            #expect(log.status == .ok)
            guard case .array(let entries)? = try log.json["data"] else { Issue.record("no data"); return }
            #expect(entries.count == 3)
            let salesView = try await client.execute(uri: "/api/v1/rejected-messages", method: .get, headers: app.bearer(app.salesKey))
            #expect(salesView.status == .forbidden)
        }
    }

    @Test("bad requests get 400 or 413 with code and message, per the spec's table")
    func badRequests() async throws {
        try await TestApp.run { app, client in
            func post(_ uri: String, _ body: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .post, headers: app.basicAuth, body: ByteBuffer(string: body))
            }
            let notJSON = try await post("/v1/batch", "{nope")
            #expect(notJSON.status == .badRequest)
            #expect(try notJSON.json["code"] == "invalid_request")
            #expect(try notJSON.json["message"]?.stringValue?.contains("not valid JSON") == true)
            #expect(try await post("/v1/batch", #"{"messages": []}"#).status == .badRequest)
            let badUTF8 = try await client.execute(
                uri: "/v1/track", method: .post, headers: app.basicAuth,
                body: ByteBuffer(bytes: Array(#"{"userId":"u","event":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)))
            #expect(badUTF8.status == .badRequest)
            #expect(try badUTF8.json["message"]?.stringValue?.contains("UTF-8") == true)
            #expect(try await post("/v1/batch", #"{"batch": []}"#).status == .badRequest)
            let allInvalid = try await post("/v1/batch", #"{"batch": [{"type":"track","userId":"u"}]}"#)
            #expect(allInvalid.status == .badRequest)
            #expect(try allInvalid.json["success"] == false)
            #expect(try await post("/v1/track", #"{"userId":"u"}"#).status == .badRequest)

            let many = JSONValue.array(Array(repeating: ["type": "track", "userId": "u", "event": "E"], count: 2501))
            let tooMany = try await post("/v1/batch", JSONValue.object(["batch": many]).jsonText)
            #expect(tooMany.status == .contentTooLarge)
            #expect(try tooMany.json["code"] == "too_large")
            let huge = try await post(
                "/v1/track", #"{"userId":"u","event":"E","properties":{"x":""# + "\"" + String(repeating: "x", count: 600_000) + "\"}}")
            #expect(huge.status == .contentTooLarge)
            #expect(
                try await app.database.read { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM events").first(decodingColumn: "n", as: Int.self)
                } == 0)
        }
    }

    @Test("when storage is unavailable the answer is 503 with Retry-After, so the client retries")
    func storageUnavailable() async throws {
        try await TestApp.run { app, client in
            await app.database.close()
            let response = try await client.execute(
                uri: "/v1/track", method: .post, headers: app.basicAuth, body: ByteBuffer(json: ["userId": "u", "event": "E"]))
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "5")
            #expect(try response.json["code"] == "unavailable")
        }
    }

    @Test("a key over its request rate gets 429 with Retry-After")
    func rateLimit() async throws {
        try await TestApp.run(configure: { $0.trackingRequestsPerSecond = 1 }) { app, client in
            var statuses: [HTTPResponse.Status] = []
            var retryAfter: String?
            for index in 0..<4 {
                let response = try await client.execute(
                    uri: "/v1/track", method: .post, headers: app.basicAuth,
                    body: ByteBuffer(json: ["userId": "u", "event": "E", "messageId": .string("r\(index)")]))
                statuses.append(response.status)
                if response.status == .tooManyRequests { retryAfter = response.headers[.retryAfter] }
            }
            #expect(statuses.prefix(2).allSatisfy { $0 == .ok })
            #expect(statuses.last == .tooManyRequests)
            #expect(retryAfter != nil)
        }
    }
}
