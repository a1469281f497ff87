import ArgumentParser
import Foundation
import HummingbirdTesting
import NIOCore
import SQLiteNIO
import TandemStore

/// Posts batches of 100 Segment events over loopback HTTP to a release server on SQLite, and
/// inserts the same rows straight into SQLite (same schema, same durability) as the anchor.
struct IngestBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Tracking ingest: events/s end to end vs raw SQLite.")

    @Option(help: "Batches to send") var batches = 2000
    @Option(help: "Events per batch") var batchSize = 100
    @Option(help: "Concurrent connections") var connections = 8
    @Option(help: "Every Nth batch is sent twice, as a client retry would") var retryEvery = 20

    func run() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = "sqlite://\(directory.path)/ingest.db"
        let writeKey =
            try TandemProcess.run(["keys", "create", "--kind", "write", "--name", "bench", "--database", database])
            .split(separator: "\n").last.map(String.init) ?? ""
        let server = try TandemProcess.serve(database: database)
        defer { server.stop() }
        let authorization = "Basic " + Data("\(writeKey):".utf8).base64EncodedString()

        let bodies = (0..<batches).map { Self.batchBody(batch: $0, size: batchSize) }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in 0..<connections {
                group.addTask {
                    let client = TestClient(host: "127.0.0.1", port: server.port)
                    client.connect()
                    defer { Task { try? await client.shutdown() } }
                    var index = connection
                    while index < bodies.count {
                        let sends = index % retryEvery == 0 ? 2 : 1
                        for _ in 0..<sends {
                            let response = try await client.execute(
                                TestClient.Request(
                                    "/v1/batch", method: .post,
                                    headers: [.authorization: authorization, .contentType: "application/json"],
                                    body: ByteBuffer(string: bodies[index])))
                            guard response.status == .ok else {
                                throw BenchError("batch \(index): \(response.status) \(String(buffer: response.body ?? ByteBuffer()))")
                            }
                        }
                        index += connections
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let events = Double(batches * batchSize)
        let rss = server.peakResidentMegabytes
        server.stop()

        let stored = try await Self.countEvents(database: database)
        guard stored == batches * batchSize else { throw BenchError("stored \(stored) events, expected \(batches * batchSize)") }

        let raw = try await Self.rawSQLiteInsertRate(directory: directory, batches: batches, batchSize: batchSize)
        let endToEnd = events / seconds
        print("ingest: \(batches) batches of \(batchSize) events over \(connections) connections, every \(retryEvery)th batch retried")
        print("  end to end (HTTP → validate → de-duplicate → SQLite, synchronous=FULL): \(format(endToEnd)) events/s")
        print("  anchor, raw SQLite insert of the same rows (same schema and durability): \(format(raw)) events/s")
        print("  ratio end-to-end / raw: \(String(format: "%.2f", endToEnd / raw))")
        print("  server peak RSS: \(String(format: "%.1f", rss)) MB")
        print("  stored exactly once: \(stored) events")
    }

    static func batchBody(batch: Int, size: Int) -> String {
        var messages: [String] = []
        for index in 0..<size {
            let user = (batch * size + index) % 5000
            messages.append(
                """
                {"type":"track","event":"Page Scrolled","userId":null,"anonymousId":"anon-\(user)","messageId":"bench-\(batch)-\(index)",\
                "timestamp":"2026-11-26T10:00:00.123456+00:00","properties":{"url":"https://example.com/pricing?utm_source=google&utm_campaign=q4","percent":\(index % 100)},\
                "context":{"library":{"name":"analytics-python","version":"2.4.0"},"ip":"10.0.0.1"},"integrations":{}}
                """)
        }
        return "{\"batch\":[\(messages.joined(separator: ","))],\"sentAt\":\"2026-11-26T10:00:00.200+00:00\"}"
    }

    static func countEvents(database: String) async throws -> Int {
        let store = try await Database.open(try DatabaseURL(database))
        defer { Task { await store.close() } }
        return try await store.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM events").first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    /// The same rows, inserted 100 to a transaction through one SQLite connection with no HTTP,
    /// JSON or validation: the speed limit of the storage Tandem writes to.
    static func rawSQLiteInsertRate(directory: URL, batches: Int, batchSize: Int) async throws -> Double {
        let database = try await Database.open(.sqlite(path: directory.appendingPathComponent("raw.db").path))
        try await Migrator().migrate(database)
        await database.close()
        let connection = try await SQLiteConnection.open(storage: .file(path: directory.appendingPathComponent("raw.db").path))
        _ = try await connection.query("PRAGMA journal_mode = WAL")
        _ = try await connection.query("PRAGMA synchronous = FULL")
        let columns = EventStore.insertColumnNames
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        let sql =
            "INSERT INTO events (\(columns.joined(separator: ","))) VALUES "
            + Array(repeating: placeholders, count: batchSize).joined(separator: ",") + " ON CONFLICT (message_id) DO NOTHING"
        let start = ContinuousClock.now
        for batch in 0..<batches {
            var binds: [SQLiteData] = []
            binds.reserveCapacity(batchSize * columns.count)
            for index in 0..<batchSize {
                binds += [
                    .text("bench-\(batch)-\(index)"), .text("track"), .text("Page Scrolled"), .null, .null, .text("anon-\(index)"),
                    .float(1_764_151_200), .float(1_764_151_200), .text("https://example.com/pricing?utm_source=google&utm_campaign=q4"),
                    .text("q4"), .text("google"), .null, .null, .null,
                    .text("{\"percent\":\(index % 100),\"url\":\"https://example.com/pricing?utm_source=google&utm_campaign=q4\"}"),
                    .text("{\"ip\":\"10.0.0.1\",\"library\":{\"name\":\"analytics-python\",\"version\":\"2.4.0\"}}"), .integer(1),
                ]
            }
            _ = try await connection.query("BEGIN IMMEDIATE")
            _ = try await connection.query(sql, binds)
            _ = try await connection.query("COMMIT")
        }
        let elapsed = ContinuousClock.now - start
        try await connection.close()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(batches * batchSize) / seconds
    }
}
