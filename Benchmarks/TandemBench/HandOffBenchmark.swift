import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore

/// While a paced load of tracking events (10,000/s by default, from leads that stay in
/// nurture) flows into a release server on SQLite, probe leads send the one event that makes
/// them MQLs. The time from sending that event to its answer covers the hand-off: the tracking
/// API answers after the transaction that scored the lead, routed it, recorded the assignment
/// and queued its webhooks has committed. The anchor is the same request shape under the same
/// load for an event that crosses no threshold.
struct HandOffBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handoff", abstract: "Event → MQL hand-off latency under paced ingest load.")

    @Option(help: "Background events per second") var rate = 10_000
    @Option(help: "Seconds of load") var seconds = 20
    @Option(help: "Probes per second (half cross the MQL threshold, half are the anchor)") var probeRate = 20
    @Option(help: "Concurrent connections for the background load") var connections = 8
    @Option(help: "An empty database to run on (default: a temporary SQLite file), e.g. postgres://user@host:port/db")
    var database: String?

    func run() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = database ?? "sqlite://\(directory.path)/handoff.db"
        let writeKey =
            try TandemProcess.run(["keys", "create", "--kind", "write", "--name", "bench", "--database", url])
            .split(separator: "\n").last.map(String.init) ?? ""
        let probes = rate > 0 ? seconds * probeRate : 0
        try await Self.prepare(url: url)
        let server = try TandemProcess.serve(database: url)
        defer { server.stop() }
        let authorization = "Basic " + Data("\(writeKey):".utf8).base64EncodedString()
        let headers: HTTPFields = [.authorization: authorization, .contentType: "application/json"]

        // Probe leads fit (a VP at a mid-size software company) and have viewed pricing: one demo
        // request makes them MQLs. Background leads do not fit: they never cross.
        let setup = TestClient(host: "127.0.0.1", port: server.port)
        setup.connect()
        for start in stride(from: 0, to: probes, by: 100) {
            let messages = (start..<min(start + 100, probes)).flatMap { index in
                [
                    #"{"type":"identify","userId":"probe-\#(index)","traits":{"email":"probe-\#(index)@bigco-\#(index % 50).example","title":"VP Marketing","company_size":800,"industry":"Software"}}"#,
                    #"{"type":"page","userId":"probe-\#(index)","properties":{"url":"https://northwind.example/pricing"}}"#,
                ]
            }
            try await Self.send(setup, headers: headers, messages: messages)
        }
        for start in stride(from: 0, to: 5000, by: 100) {
            let messages = (start..<start + 100).map { index in
                #"{"type":"identify","userId":"bg-\#(index)","traits":{"email":"bg-\#(index)@gmail.com","title":"Student"}}"#
            }
            try await Self.send(setup, headers: headers, messages: messages)
        }
        try? await setup.shutdown()

        let batchesPerSecond = Double(rate) / 100
        let started = ContinuousClock.now
        async let load: Int = withThrowingTaskGroup(of: Int.self) { group in
            for connection in 0..<connections {
                group.addTask {
                    let client = TestClient(host: "127.0.0.1", port: server.port)
                    client.connect()
                    defer { Task { try? await client.shutdown() } }
                    var sent = 0
                    var batch = connection
                    while Double(batch) < batchesPerSecond * Double(seconds) {
                        try await Self.wait(until: started + .seconds(Double(batch) / batchesPerSecond))
                        let messages = (0..<100).map { index in
                            let event = index % 4 == 0 ? "Email Opened" : "Page Scrolled"
                            return
                                #"{"type":"track","userId":"bg-\#((batch * 100 + index) % 5000)","event":"\#(event)","properties":{"percent":\#(index)}}"#
                        }
                        try await Self.send(client, headers: headers, messages: messages)
                        sent += 100
                        batch += connections
                    }
                    return sent
                }
            }
            return try await group.reduce(0, +)
        }
        var crossing: [Double] = []
        var anchor: [Double] = []
        let probeClient = TestClient(host: "127.0.0.1", port: server.port)
        probeClient.connect()
        for index in 0..<(probes * 2) {
            try await Self.wait(until: started + .seconds(Double(index) / Double(probeRate * 2)))
            let lead = index / 2
            let crosses = index % 2 == 0
            let message =
                crosses
                ? #"{"type":"track","userId":"probe-\#(lead)","event":"Demo Requested"}"#
                : #"{"type":"track","userId":"bg-\#(lead % 5000)","event":"Page Scrolled"}"#
            let sent = ContinuousClock.now
            try await Self.send(probeClient, headers: headers, messages: [message])
            let milliseconds = ImportBenchmark.seconds(ContinuousClock.now - sent) * 1000
            if crosses { crossing.append(milliseconds) } else { anchor.append(milliseconds) }
        }
        try? await probeClient.shutdown()
        let background = try await load
        let elapsed = ImportBenchmark.seconds(ContinuousClock.now - started)
        server.stop()

        let (handOffs, queued) = try await Self.verify(url: url)
        guard handOffs == probes, queued >= probes else {
            throw BenchError("expected \(probes) hand-offs with a queued webhook each, found \(handOffs) and \(queued) deliveries")
        }
        print(
            "handoff on \(url.hasPrefix("postgres") ? "PostgreSQL" : "SQLite"): \(probes) leads cross the MQL threshold while \(format(Double(background) / elapsed)) background events/s flow in"
        )
        print("  event → MQL hand-off (scored, routed, assignment recorded, webhook queued), ms: \(Self.summary(crossing))")
        print("  anchor, the same single-event request crossing nothing, same load, ms: \(Self.summary(anchor))")
        print("  verified: \(handOffs) hand-offs, \(queued) webhook deliveries queued")
    }

    static func prepare(url: String) async throws {
        let database = try await Database.open(try DatabaseURL(url))
        defer { Task { await database.close() } }
        for index in 0..<4 {
            _ = try await database.users.create(
                try UserInput(email: "rep\(index)@northwind.example", name: "Rep \(index)", role: "sales", team: nil), passwordHash: "x",
                by: .commandLine, now: SystemClock().now())
        }
        _ = try await database.webhooks.create(
            try WebhookInput(url: "http://127.0.0.1:9/hook", topics: ["lead.mql", "lead.assigned"], format: nil), by: .commandLine,
            now: SystemClock().now())
    }

    static func verify(url: String) async throws -> (handOffs: Int, deliveries: Int) {
        let database = try await Database.open(try DatabaseURL(url))
        defer { Task { await database.close() } }
        return try await database.read { db in
            let handOffs = try await db.raw("SELECT COUNT(*) AS n FROM handoffs WHERE owner IS NOT NULL").first(
                decodingColumn: "n", as: Int.self)
            let deliveries = try await db.raw("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE topic = 'lead.assigned'").first(
                decodingColumn: "n", as: Int.self)
            return (handOffs ?? 0, deliveries ?? 0)
        }
    }

    static func send(_ client: TestClient, headers: HTTPFields, messages: [String]) async throws {
        let body = "{\"batch\":[\(messages.joined(separator: ","))]}"
        let response = try await client.execute(
            TestClient.Request("/v1/batch", method: .post, headers: headers, body: ByteBuffer(string: body)))
        guard response.status == .ok else { throw BenchError("\(response.status): \(String(buffer: response.body ?? ByteBuffer()))") }
    }

    static func wait(until deadline: ContinuousClock.Instant) async throws {
        let now = ContinuousClock.now
        if deadline > now { try await Task.sleep(until: deadline, clock: .continuous) }
    }

    static func summary(_ values: [Double]) -> String {
        let sorted = values.sorted()
        func at(_ quantile: Double) -> String {
            guard !sorted.isEmpty else { return "–" }
            return String(format: "%.1f", sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))])
        }
        return "p50 \(at(0.5)), p95 \(at(0.95)), p99 \(at(0.99)), max \(at(1)) (n=\(sorted.count))"
    }
}
