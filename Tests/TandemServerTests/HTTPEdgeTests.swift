import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import Testing

@testable import TandemServer

@Suite("The HTTP edge: body limits and the metrics token")
struct HTTPEdgeTests {
    @Test("a REST body over the limit answers 413 with the JSON error")
    func restBodyTooLarge() async throws {
        try await TestApp.run { app, client in
            let body = ByteBuffer(string: "{\"email\":\"" + String(repeating: "a", count: 1_100_000) + "\"}")
            let response = try await client.execute(uri: "/api/v1/leads", method: .post, headers: app.bearer(), body: body)
            #expect(response.status == .contentTooLarge)
            #expect(try response.json["error"]?["code"] == "too_large")
        }
    }

    @Test("/metrics answers only its bearer token when one is set")
    func metricsToken() async throws {
        try await TestApp.run(configure: { $0.metricsToken = "s3cret" }) { _, client in
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            let wrong = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer nope"])
            #expect(wrong.status == .unauthorized)
            let right = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer s3cret"])
            #expect(right.status == .ok)
        }
    }

    @Test("the idle timeout and metrics token are read from the environment, and bad values are refused")
    func configuration() throws {
        let configuration = try TandemConfiguration(environment: ["TANDEM_IDLE_TIMEOUT": "5", "TANDEM_METRICS_TOKEN": "t"])
        #expect(configuration.idleTimeoutSeconds == 5)
        #expect(configuration.metricsToken == "t")
        #expect(throws: ConfigurationError.self) { try TandemConfiguration(environment: ["TANDEM_IDLE_TIMEOUT": "0"]) }
    }
}
