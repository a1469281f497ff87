import Foundation
import HummingbirdTesting
import NIOCore

// A browser's side of the page benchmarks: signing in through the form and timing pages.

/// Signs in through the form, as a browser does, and returns the Cookie header to send.
func signIn(port: Int, email: String, password: String = "tandem-demo") async throws -> String {
    let client = TestClient(host: "127.0.0.1", port: port)
    client.connect()
    defer { Task { try? await client.shutdown() } }
    let form = try await client.execute(TestClient.Request("/sign-in", method: .get))
    let csrfCookie = form.headers[values: .setCookie].first { $0.hasPrefix("tandem_csrf=") }?.split(separator: ";")[0] ?? ""
    let html = String(buffer: form.body ?? ByteBuffer())
    guard let token = html.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1 else { throw BenchError("no CSRF token on /sign-in") }
    let body = "_csrf=\(token)&email=\(email.replacingOccurrences(of: "@", with: "%40"))&password=\(password)&next=%2F"
    let response = try await client.execute(
        TestClient.Request(
            "/sign-in", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: String(csrfCookie)], body: ByteBuffer(string: body)))
    guard let session = response.headers[values: .setCookie].first(where: { $0.hasPrefix("tandem_session=") }) else {
        throw BenchError("sign-in as \(email) failed: \(response.status)")
    }
    return String(session.split(separator: ";")[0])
}

/// Requests `path(i)` for i in 0..<requests over `connections` keep-alive connections and
/// returns each request's latency in milliseconds; any answer but 200 stops the run.
func measure(
    port: Int, cookie: String, requests: Int, connections: Int, path: @escaping @Sendable (Int) -> String
) async throws -> [Double] {
    return try await withThrowingTaskGroup(of: [Double].self) { group in
        for connection in 0..<connections {
            group.addTask {
                let client = TestClient(host: "127.0.0.1", port: port)
                client.connect()
                defer { Task { try? await client.shutdown() } }
                var latencies: [Double] = []
                var index = connection
                while index < requests {
                    let start = ContinuousClock.now
                    let response = try await client.execute(
                        TestClient.Request(path(index), method: .get, headers: cookie.isEmpty ? [:] : [.cookie: cookie]))
                    latencies.append(seconds(ContinuousClock.now - start) * 1000)
                    guard response.status == .ok else { throw BenchError("\(path(index)): \(response.status)") }
                    index += connections
                }
                return latencies
            }
        }
        var all: [Double] = []
        for try await part in group { all += part }
        return all
    }
}
