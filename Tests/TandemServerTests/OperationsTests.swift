import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import Testing

@testable import TandemServer

@Suite("Operations: OpenAPI, health and metrics")
struct OperationsTests {
    @Test("every API route of the router is in the OpenAPI document, with its method")
    func openAPICoversEveryRoute() async throws {
        try await TestApp.run { app, client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try response.json
            #expect(document["openapi"] == "3.1.0")
            let paths = try #require(document["paths"]?.objectValue)
            #expect(app.routes.count > 15)
            // Web pages and their assets are HTML for people, not part of the API contract.
            for route in app.routes {
                let path = route.path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                let openAPIPath = "/" + path.joined(separator: "/")
                // The REST group's catch-all answers unknown paths with a JSON 404; it is no operation.
                let isAPI =
                    ["/api/", "/v1/"].contains { openAPIPath.hasPrefix($0) }
                    || ["/healthz", "/metrics", "/openapi.json"].contains(openAPIPath)
                guard isAPI, !openAPIPath.hasSuffix("/**") else { continue }
                let operation = paths[openAPIPath]?[route.method.lowercased()]
                #expect(operation != nil, "\(route.method) \(openAPIPath) is not documented")
            }
        }
    }

    @Test("health answers ok and metrics count requests and ingested messages")
    func healthAndMetrics() async throws {
        try await TestApp.run { app, client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(try health.json == ["status": "ok", "database": "sqlite"])
            _ = try await client.execute(
                uri: "/v1/batch", method: .post, headers: app.basicAuth,
                body: ByteBuffer(json: [
                    "batch": [["type": "track", "userId": "u", "event": "E", "messageId": "1"], ["type": "track", "userId": "u"]]
                ]))
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"tandem_ingest_messages_total{outcome="stored"} 1"#))
            #expect(metrics.contains(#"tandem_ingest_messages_total{outcome="rejected"} 1"#))
            #expect(metrics.contains(#"tandem_http_requests_total{method="POST",route="/v1/batch",status="200"} 1"#))
        }
    }
}
