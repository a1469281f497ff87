import ArgumentParser
import Foundation
import TandemCore

/// Tandem's JSON parser against Foundation's on the tracking API's typical body: a batch of 100
/// Segment `track` messages (~400 bytes each, with context, a UTM-tagged URL and properties).
/// The anchor is `JSONDecoder().decode(JSONValue.self)`, the `Codable` route decision 0002
/// weighed; `JSONSerialization` is shown too.
struct JSONBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json", abstract: "Parsing a 100-message tracking batch: Tandem's parser vs JSONDecoder.")

    @Option(help: "Batches parsed by each parser") var repetitions = 2000

    func run() async throws {
        let batch: JSONValue = [
            "batch": .array(
                (0..<100).map { index in
                    [
                        "type": "track", "event": "Pricing Viewed", "userId": .string("user-\(index)"),
                        "messageId": .string("m-\(index)-\(UUID().uuidString)"), "timestamp": "2026-11-30T09:15:00.123Z",
                        "properties": [
                            "plan": "growth", "seats": .number(Double(index % 40 + 1)), "annual": .bool(index % 2 == 0),
                            "url": "https://northwind.example/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=q4",
                        ],
                        "context": [
                            "ip": "203.0.113.7", "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15",
                            "library": ["name": "analytics.js", "version": "2.11.1"],
                        ],
                    ]
                })
        ]
        let data = Data(batch.jsonText.utf8)
        print("json: a batch of 100 track messages, \(data.count) bytes, parsed \(repetitions) times by each")
        func measure(_ name: String, _ parse: () throws -> Void) rethrows -> Double {
            let start = ContinuousClock.now
            for _ in 0..<repetitions { try parse() }
            let seconds = ImportBenchmark.seconds(ContinuousClock.now - start)
            let megabytes = Double(data.count * repetitions) / seconds / 1_048_576
            print("  \(name): \(String(format: "%.1f", seconds / Double(repetitions) * 1e6)) µs per batch, \(format(megabytes)) MB/s")
            return seconds
        }
        let decoder = JSONDecoder()
        let anchor = try measure("anchor, JSONDecoder().decode(JSONValue.self)") { _ = try decoder.decode(JSONValue.self, from: data) }
        _ = try measure("JSONSerialization.jsonObject") { _ = try JSONSerialization.jsonObject(with: data) }
        let ours = try measure("Tandem's JSONValue.parse") { _ = try JSONValue.parse(data) }
        print("  Tandem's parser takes \(String(format: "%.2f", ours / anchor))× the anchor's time")
    }
}
