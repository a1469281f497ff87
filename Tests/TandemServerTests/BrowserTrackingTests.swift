import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Tracking from browsers (analytics.js) and hostile messages over HTTP")
struct BrowserTrackingTests {
    static let origin = "https://www.northwind.example"

    @Test("the short paths take text/plain bodies with the key inside, and answer with CORS headers")
    func shortPathsWithCORS() async throws {
        try await TestApp.run { app, client in
            let paths = ["t": "track", "p": "page", "i": "identify", "g": "group", "a": "alias", "s": "screen"]
            for (short, type) in paths.sorted(by: { $0.key < $1.key }) {
                var message: JSONValue = [
                    "userId": "u1", "anonymousId": "a1", "event": "Clicked", "groupId": "g1", "previousId": "a0",
                    "messageId": .string("m-\(short)"), "writeKey": .string(app.writeKey),
                ]
                if type == "identify" { message = message.merging(["traits": ["email": "ann@acme.io"]]) }
                let response = try await client.execute(
                    uri: "/v1/\(short)", method: .post, headers: [.contentType: "text/plain", .origin: Self.origin],
                    body: ByteBuffer(json: message))
                #expect(response.status == .ok, "\(short)")
                #expect(response.headers[TrackingCORS.allowOrigin] == Self.origin)
            }
            let batch: JSONValue = [
                "batch": [["type": "track", "userId": "u1", "event": "E", "messageId": "m-b"]], "writeKey": .string(app.writeKey),
            ]
            let response = try await client.execute(
                uri: "/v1/b", method: .post, headers: [.contentType: "text/plain", .origin: Self.origin], body: ByteBuffer(json: batch))
            #expect(response.status == .ok)
            let types = try await app.database.events.query(EventFilter()).map(\.type.rawValue)
            #expect(Set(types) == Set(paths.values))
            #expect(types.count == 7)
        }
    }

    @Test("a preflight is answered with the methods and headers analytics.js sends")
    func preflight() async throws {
        try await TestApp.run { _, client in
            for path in ["/v1/batch", "/v1/t", "/v1/projects/x/settings"] {
                let response = try await client.execute(uri: path, method: .options, headers: [.origin: Self.origin])
                #expect(response.status == .noContent, "\(path)")
                #expect(response.headers[TrackingCORS.allowOrigin] == Self.origin)
                #expect(response.headers[TrackingCORS.allowMethods]?.contains("POST") == true)
                #expect(response.headers[TrackingCORS.allowHeaders]?.contains("Content-Type") == true)
            }
        }
    }

    @Test("the settings document points analytics.js at this server; an unknown key is 401")
    func settingsDocument() async throws {
        try await TestApp.run { app, client in
            let response = try await client.execute(
                uri: "/v1/projects/\(app.writeKey)/settings", method: .get, headers: [.origin: Self.origin])
            #expect(response.status == .ok)
            let document = try response.json
            #expect(document["integrations"]?["Segment.io"]?["apiKey"] == .string(app.writeKey))
            #expect(document["integrations"]?["Segment.io"]?["apiHost"]?.stringValue?.hasSuffix("/v1") == true)
            #expect(response.headers[TrackingCORS.allowOrigin] == Self.origin)
            let unknown = try await client.execute(uri: "/v1/projects/nope/settings", method: .get)
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test("a write key limited to its site's origins refuses pages of other origins")
    func allowedOrigins() async throws {
        try await TestApp.run { app, client in
            let limited = try await app.database.apiKeys.create(
                kind: .write, name: "site", allowedOrigins: ["https://www.northwind.example"], now: Date().timeIntervalSince1970)
            #expect(limited.key.allowedOrigins == ["https://www.northwind.example"])
            func send(from origin: String) async throws -> HTTPResponse.Status {
                let body: JSONValue = ["userId": "u", "event": "E", "writeKey": .string(limited.secret)]
                return try await client.execute(
                    uri: "/v1/t", method: .post, headers: [.origin: origin], body: ByteBuffer(json: body)
                ).status
            }
            #expect(try await send(from: Self.origin) == .ok)
            #expect(try await send(from: "https://evil.example") == .forbidden)
            await #expect(throws: ValidationError.self) {
                try await app.database.apiKeys.create(
                    kind: .write, name: "x", allowedOrigins: ["www.acme.io/path"], now: Date().timeIntervalSince1970)
            }
        }
    }

    @Test("a 429 carries X-RateLimit-Reset beside Retry-After")
    func rateLimitHeaders() async throws {
        try await TestApp.run(configure: { $0.trackingRequestsPerSecond = 1 }) { app, client in
            var last: HTTPResponse.Status = .ok
            var headers: HTTPFields = [:]
            for index in 0..<5 {
                let response = try await client.execute(
                    uri: "/v1/track", method: .post, headers: app.basicAuth,
                    body: ByteBuffer(json: ["userId": "u", "event": "E", "messageId": .string("m\(index)")]))
                last = response.status
                headers = response.headers
            }
            #expect(last == .tooManyRequests)
            #expect(headers[.retryAfter] != nil)
            #expect(headers[TrackingCORS.rateLimitReset] == headers[.retryAfter])
        }
    }

    @Test("the messages that once ended the process are stored or refused, and the server answers on")
    func formerTraps() async throws {
        try await TestApp.run { app, client in
            let messages: [(String, JSONValue)] = [
                ("identify", ["userId": "x", "traits": ["name": " "]]),
                ("page", ["userId": "x", "properties": ["url": "https://a.example/?#"]]),
                ("group", ["userId": "x", "groupId": "g", "traits": ["employees": 1e19]]),
                ("group", ["userId": "x", "groupId": "g", "traits": ["employees": -9.3e18]]),
            ]
            var statuses: [HTTPResponse.Status] = []
            for (type, message) in messages {
                let response = try await client.execute(
                    uri: "/v1/\(type)", method: .post, headers: app.basicAuth, body: ByteBuffer(json: message))
                statuses.append(response.status)
            }
            #expect(statuses == [.ok, .ok, .badRequest, .badRequest])
            // 1e400 is not a finite number: refused the same way, sent as raw JSON text.
            let raw = #"{"userId":"x","groupId":"g","traits":{"employees":1e400}}"#
            let response = try await client.execute(
                uri: "/v1/group", method: .post, headers: app.basicAuth, body: ByteBuffer(string: raw))
            #expect(response.status == .badRequest)
            #expect(try response.json["rejected"]?.arrayValue?.first?["field"] == "traits.employees")
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }
}

extension JSONValue {
    fileprivate func merging(_ other: JSONValue) -> JSONValue {
        guard case .object(var members) = self, case .object(let more) = other else { return self }
        for (key, value) in more { members[key] = value }
        return .object(members)
    }
}
