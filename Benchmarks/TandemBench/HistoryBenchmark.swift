import ArgumentParser
import Foundation
import HummingbirdTesting
import NIOCore
import TandemCore

/// History that arrives out of order. First `tandem import events` of the same events in time
/// order and shuffled (the anchor is the in-order run: the target is at least half its speed).
/// Then a server whose one lead has a long history receives an event dated weeks back: the
/// time its request takes, beside an in-order event's (the anchor), shows whether the late
/// event still holds the writer while its lead is replayed.
struct HistoryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Importing history in any order, and a late event on a long history.")

    @Option(help: "Events to import") var events = 300_000
    @Option(help: "Leads they belong to") var leads = 20_000
    @Option(help: "Events on the one long history") var longHistory = 100_000

    func run() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let start = 1_780_000_000.0
        var lines: [String] = (0..<leads).map { lead in
            Self.line([
                "type": "identify", "userId": .string("u\(lead)"), "messageId": .string("id\(lead)"),
                "traits": ["email": .string("p\(lead)@acme\(lead % 500).example")], "timestamp": .string(Timestamp.format(start)),
            ])
        }
        let names = ["Email Opened", "Page Viewed", "Webinar Attended", "Demo Requested", "Whitepaper Downloaded"]
        var timed: [(Double, String)] = []
        for index in 0..<events {
            let at = start + 60 + Double(index) * 20
            timed.append(
                (
                    at,
                    Self.line([
                        "type": "track", "userId": .string("u\(index % leads)"), "messageId": .string("e\(index)"),
                        "event": .string(names[index % names.count]), "timestamp": .string(Timestamp.format(at)),
                    ])
                ))
        }
        var random = SystemRandomNumberGenerator()
        print("history: \(events) events over \(leads) leads, release `tandem import events`")
        var rates: [Double] = []
        for (label, ordered) in [("in time order (anchor)", timed.map(\.1)), ("shuffled", timed.map(\.1).shuffled(using: &random))] {
            let file = directory.appendingPathComponent("events.jsonl")
            try (lines + ordered).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            let database = directory.appendingPathComponent("history.db").path
            try TandemProcess.run(["migrate", "--database", "sqlite://\(database)"])
            let began = ContinuousClock.now
            try TandemProcess.run(["import", "events", file.path, "--database", "sqlite://\(database)"])
            let seconds = ImportBenchmark.seconds(ContinuousClock.now - began)
            let rate = Double(events + leads) / seconds
            rates.append(rate)
            print("  \(label): \(String(format: "%.1f", seconds)) s, \(format(rate)) messages/s")
            try? FileManager.default.removeItem(atPath: database)
        }
        if rates.count == 2 { print("  shuffled ÷ in order: \(String(format: "%.2f", rates[1] / rates[0])) (target ≥ 0.5)") }
        lines.removeAll()
        try await lateEvent(directory: directory, start: start, names: names)
    }

    /// One lead with a long history, then a late event and an in-order one, each timed.
    func lateEvent(directory: URL, start: Double, names: [String]) async throws {
        let file = directory.appendingPathComponent("long.jsonl")
        var text =
            Self.line([
                "type": "identify", "userId": "long", "messageId": "id", "traits": ["email": "long@acme.example"],
                "timestamp": .string(Timestamp.format(start)),
            ]) + "\n"
        let now = Date().timeIntervalSince1970
        for index in 0..<longHistory {
            text +=
                Self.line([
                    "type": "track", "userId": "long", "messageId": .string("l\(index)"), "event": .string(names[index % names.count]),
                    "timestamp": .string(Timestamp.format(now - 10 * 86_400 + Double(index))),
                ]) + "\n"
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("long.db").path
        try TandemProcess.run(["migrate", "--database", "sqlite://\(database)"])
        try TandemProcess.run(["import", "events", file.path, "--database", "sqlite://\(database)"])
        let key =
            try TandemProcess.run(["keys", "create", "--kind", "write", "--name", "bench", "--database", "sqlite://\(database)"])
            .split(separator: "\n").last.map(String.init) ?? ""
        let server = try TandemProcess.serve(database: "sqlite://\(database)")
        defer { server.stop() }
        let client = TestClient(host: "127.0.0.1", port: server.port)
        client.connect()
        defer { Task { try? await client.shutdown() } }
        let authorization = "Basic " + Data("\(key):".utf8).base64EncodedString()
        func send(_ id: String, at time: Double) async throws -> Double {
            let body = Self.line([
                "userId": "long", "messageId": .string(id), "event": "Demo Requested", "timestamp": .string(Timestamp.format(time)),
            ])
            let began = ContinuousClock.now
            let response = try await client.execute(
                TestClient.Request(
                    "/v1/track", method: .post, headers: [.authorization: authorization, .contentType: "application/json"],
                    body: ByteBuffer(string: body)))
            guard response.status == .ok else { throw BenchError("late event: \(response.status)") }
            return ImportBenchmark.seconds(ContinuousClock.now - began) * 1000
        }
        let anchor = try await send("in-order", at: now - 60)
        let late = try await send("late", at: now - 25 * 86_400)
        print("late event on a lead with \(longHistory) events:")
        print("  anchor, an in-order event on the same lead: \(String(format: "%.1f", anchor)) ms")
        print("  an event dated 25 days back: \(String(format: "%.1f", late)) ms (its replay runs after the answer, outside the write)")
    }

    static func line(_ value: JSONValue) -> String { value.jsonText }
}
