import ArgumentParser
import Foundation
import HummingbirdTesting
import NIOCore

/// Fills a demo database with the release `tandem demo`, then requests every page of the web
/// app as a signed-in admin and as a sales rep over loopback HTTP, and reports each page's
/// latency percentiles. Anchors in the same run: `/healthz` (the framework and one query) for
/// pages, and a raw SQLite insert of the demo's events for the fill time.
struct PagesBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pages", abstract: "Web pages: p50/p95 per page on the demo data, and the demo's fill time.")

    @Option(help: "Requests per page") var requests = 300
    @Option(help: "Concurrent connections") var connections = 4

    func run() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = "sqlite://\(directory.path)/demo.db"
        let fillStart = ContinuousClock.now
        let output = try TandemProcess.run(["demo", "--database", database])
        let fill = seconds(ContinuousClock.now - fillStart)
        let eventCount = Int(output.firstMatch(of: /(\d+) events/)?.1 ?? "") ?? 200_000

        let server = try TandemProcess.serve(database: database)
        defer { server.stop() }
        let admin = try await signIn(port: server.port, email: "admin@northwind.example")
        let rep = try await signIn(port: server.port, email: "priya@northwind.example")
        let leadIds = (1...50).map { $0 * 97 % 5000 + 1 }
        let pages: [(String, String, @Sendable (Int) -> String)] = [
            ("anchor: /healthz", "", { _ in "/healthz" }),
            ("dashboard", admin, { _ in "/" }),
            ("leads list", admin, { _ in "/leads" }),
            ("leads list, stage filter", admin, { _ in "/leads?stage=mql" }),
            ("leads list, search", admin, { i in ["/leads?q=gmail", "/leads?q=anderson", "/leads?q=pinnacle"][i % 3] }),
            ("leads list, sorted, page 20", admin, { _ in "/leads?sort=name&page=20" }),
            ("leads list, sorted by score", admin, { _ in "/leads?sort=score" }),
            ("lead page", admin, { i in "/leads/\(leadIds[i % leadIds.count])" }),
            ("accounts list", admin, { _ in "/accounts" }),
            ("account page", admin, { i in "/accounts/\(i % 800 + 1)" }),
            ("settings: users", admin, { _ in "/settings/users" }),
            ("settings: keys", admin, { _ in "/settings/keys" }),
            ("settings: audit log", admin, { _ in "/settings/audit" }),
            ("sales: my leads", rep, { _ in "/leads" }),
            ("sales: dashboard", rep, { _ in "/" }),
            ("sales: inbox", rep, { _ in "/inbox" }),
            ("hand-offs (everyone's)", admin, { _ in "/inbox" }),
            ("inbox card, explained", admin, { i in "/leads/\(leadIds[i % leadIds.count])/score" }),
            ("scoring", admin, { _ in "/scoring" }),
            ("settings: hand-off", admin, { _ in "/settings/handoff" }),
            ("scoring: a saved version", admin, { _ in "/scoring/versions/0" }),
            ("scoring: compare versions", admin, { _ in "/scoring/compare?from=0&to=0" }),
            ("leads: import form", admin, { _ in "/leads/import" }),
        ]
        print("pages: \(requests) requests per page over \(connections) connections, release server on SQLite, demo data")
        print("  page                          p50 ms   p95 ms   p99 ms")
        var worst = 0.0
        for (name, cookie, path) in pages {
            let latencies = try await measure(
                port: server.port, cookie: cookie, requests: requests, connections: connections, path: path)
            let p95 = percentile(latencies, 0.95)
            if !name.hasPrefix("anchor") { worst = max(worst, p95) }
            print(
                "  \(name.padding(toLength: 28, withPad: " ", startingAt: 0))"
                    + String(format: "%7.2f  %7.2f  %7.2f", percentile(latencies, 0.5), p95, percentile(latencies, 0.99)))
        }
        print("  slowest page p95: \(String(format: "%.2f", worst)) ms (target < 50 ms)")
        let previews = try await measurePreview(port: server.port, cookie: admin)
        print(
            "scoring preview of the model in force on the demo's leads, \(previews.count) runs: median "
                + String(format: "%.2f s, slowest %.2f s (target < 2 s)", percentile(previews, 0.5), previews.max() ?? 0))
        server.stop()

        let raw = try await IngestBenchmark.rawSQLiteInsertRate(directory: directory, batches: eventCount / 100, batchSize: 100)
        print("demo fill: \(String(format: "%.1f", fill)) s for \(eventCount) events and their leads (target < 30 s)")
        print("  anchor, raw SQLite insert of \(eventCount) event rows: \(String(format: "%.1f", Double(eventCount) / raw)) s")
    }

    /// Posts the scoring page's preview of the model in force, as the editor's button does, and
    /// times each answer in seconds.
    private func measurePreview(port: Int, cookie: String, runs: Int = 5) async throws -> [Double] {
        let client = TestClient(host: "127.0.0.1", port: port)
        client.connect()
        defer { Task { try? await client.shutdown() } }
        let page = try await client.execute(TestClient.Request("/scoring", method: .get, headers: [.cookie: cookie]))
        let html = String(buffer: page.body ?? ByteBuffer())
        guard let token = html.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1 else { throw BenchError("no CSRF token on /scoring") }
        let yaml = try await client.execute(TestClient.Request("/scoring/model.yaml", method: .get, headers: [.cookie: cookie]))
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let document = String(buffer: yaml.body ?? ByteBuffer()).addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        let body = "_csrf=\(token)&action=preview&document=\(document)"
        var times: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            let response = try await client.execute(
                TestClient.Request(
                    "/scoring", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                    body: ByteBuffer(string: body)))
            times.append(seconds(ContinuousClock.now - start))
            guard response.status == .ok, String(buffer: response.body ?? ByteBuffer()).contains("preview-become") else {
                throw BenchError("the scoring preview answered \(response.status)")
            }
        }
        return times
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}
