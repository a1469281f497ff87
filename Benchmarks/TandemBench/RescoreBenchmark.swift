import ArgumentParser
import Foundation
import SQLiteNIO
import Synchronization
import TandemCore
import TandemStore

/// Saves a changed scoring model over a SQLite database of a million leads with their events,
/// and times the re-scoring job that replays every lead's history under it. The anchor is a raw
/// read of the same events in replay order through one SQLite connection: the least any replay
/// must do.
struct RescoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rescore", abstract: "Re-scoring every lead after a rule change.")

    @Option(help: "Leads") var leads = 1_000_000
    @Option(help: "Events per lead") var eventsPerLead = 3
    @Option(help: "Leads per re-scoring transaction") var chunk = 2000

    func run() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("rescore.db").path
        let setupStart = ContinuousClock.now
        try await ImportBenchmark.seed(path: path, leads: leads)
        try await Self.insertEvents(path: path, leads: leads, perLead: eventsPerLead)
        let setup = ImportBenchmark.seconds(ContinuousClock.now - setupStart)

        let (anchorRows, anchor) = try await Self.rawScan(path: path)
        let database = try await Database.open(.sqlite(path: path))
        var model = ScoringModel.standard
        model.halfLifeDays = 14
        let job = try await database.scoringModels.save(model, by: .commandLine, now: SystemClock().now())
        let start = ContinuousClock.now
        let done = try await database.scoreJobs.runNext(clock: SystemClock(), chunkSize: chunk)
        let seconds = ImportBenchmark.seconds(ContinuousClock.now - start)
        let scored = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM lead_scores WHERE model_version = \(bind: job.modelVersion)").first(
                decodingColumn: "n", as: Int.self) ?? 0
        }
        await database.close()
        guard done?.status == .done, scored == leads else {
            throw BenchError("the job ended \(done?.status.rawValue ?? "nowhere") with \(scored) of \(leads) leads scored")
        }
        print("rescore: \(leads) leads, \(leads * eventsPerLead) events, SQLite (setup \(String(format: "%.0f", setup)) s, not timed)")
        print(
            "  re-score every lead under a changed model (replay, fit, upsert, hand-off check): \(String(format: "%.1f", seconds)) s (\(format(Double(leads) / seconds)) leads/s)"
        )
        print("  anchor, raw read of all \(anchorRows) events in replay order: \(String(format: "%.1f", anchor)) s")
    }

    static func insertEvents(path: String, leads: Int, perLead: Int) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        defer { Task { try? await connection.close() } }
        _ = try await connection.query("PRAGMA journal_mode = WAL")
        let columns = ["message_id", "type", "name", "lead_id", "occurred_at", "received_at", "url", "properties", "context"]
        let now = Date().timeIntervalSince1970
        let chunk = 1000
        let kinds: [(String, String, String?)] = [
            ("page", "Page Viewed", "https://northwind.example/pricing"), ("track", "Email Opened", nil),
            ("page", "Page Viewed", "https://northwind.example/blog/mql-definition"), ("track", "Webinar Attended", nil),
            ("track", "Whitepaper Downloaded", nil),
        ]
        _ = try await connection.query("BEGIN IMMEDIATE")
        var row = 0
        let total = leads * perLead
        while row < total {
            let size = min(chunk, total - row)
            let placeholders = Array(repeating: "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")", count: size)
            var binds: [SQLiteData] = []
            binds.reserveCapacity(size * columns.count)
            for index in row..<row + size {
                let lead = index / perLead + 1
                let kind = kinds[index % kinds.count]
                let at = now - Double((index * 7919) % (60 * 86_400))
                binds += [
                    .text("seed-\(index)"), .text(kind.0), .text(kind.1), .integer(lead), .float(at), .float(at),
                    kind.2.map(SQLiteData.text) ?? .null, .text("{}"), .text("{}"),
                ]
            }
            _ = try await connection.query(
                "INSERT INTO events (\(columns.joined(separator: ","))) VALUES \(placeholders.joined(separator: ","))", binds)
            row += size
        }
        _ = try await connection.query("COMMIT")
    }

    static func rawScan(path: String) async throws -> (rows: Int, seconds: Double) {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        defer { Task { try? await connection.close() } }
        let start = ContinuousClock.now
        let rows = RowCounter()
        try await connection.query(
            "SELECT id, lead_id, type, name, occurred_at, url FROM events ORDER BY lead_id, occurred_at, id", []
        ) { _ in rows.add() }
        return (rows.count, ImportBenchmark.seconds(ContinuousClock.now - start))
    }
}

/// Counts rows streamed to a callback.
final class RowCounter: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
