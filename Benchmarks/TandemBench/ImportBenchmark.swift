import ArgumentParser
import Foundation
import SQLiteNIO
import TandemStore

/// Imports a CSV of 100,000 leads (a HubSpot-style export; one row in ten updates a lead that
/// exists) with the release `tandem import leads`, into databases that already hold 10,000 and
/// 1,000,000 leads, so a slowdown as the database grows shows. The anchor is a raw SQLite insert
/// of the same number of rows into the same table in one transaction.
struct ImportBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "CSV import of leads at growing database sizes.")

    @Option(help: "Rows in the CSV") var rows = 100_000
    @Option(help: "Existing leads before each import (comma-separated)") var existing = "10000,1000000"

    func run() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("contacts.csv")
        try Self.writeCSV(to: csv, rows: rows)
        let anchor = try await Self.rawInsertSeconds(directory: directory, rows: rows)
        print("import: \(rows) leads from a HubSpot-style CSV (1 row in 10 updates an existing lead), release `tandem import leads`")
        print("  anchor, raw SQLite insert of \(rows) lead rows in one transaction: \(String(format: "%.2f", anchor)) s")
        for base in existing.split(separator: ",").compactMap({ Int($0) }) {
            let database = directory.appendingPathComponent("import-\(base).db").path
            try await Self.seed(path: database, leads: base)
            let start = ContinuousClock.now
            let output = try TandemProcess.run(["import", "leads", csv.path, "--database", "sqlite://\(database)"])
            let seconds = Self.seconds(ContinuousClock.now - start)
            print(
                "  with \(base) existing leads: \(String(format: "%.2f", seconds)) s (\(format(Double(rows) / seconds)) rows/s) — \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
            try? FileManager.default.removeItem(atPath: database)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func writeCSV(to url: URL, rows: Int) throws {
        var text =
            "Record ID,First Name,Last Name,Email,Job Title,Company Name,Lifecycle Stage,Contact owner,Country/Region,Number of Employees,Favourite Channel\n"
        let stages = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "customer"]
        for index in 0..<rows {
            // Every tenth row names one of the first 10,000 leads the seed created (person-N@seed-M.example),
            // so each database size sees the same 10,000 updates.
            let email =
                index % 10 == 0
                ? "person-\(index / 10)@seed-\((index / 10) % 997).example" : "new-\(index)@company-\(index % 5000).example"
            text +=
                "\(index),First\(index),Last\(index),\(email),Head of Growth,Company \(index % 5000),\(index % 10 == 0 ? "marketingqualifiedlead" : stages[index % stages.count]),Owner \(index % 12),Germany,\(50 + index % 900),LinkedIn\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Creates the schema and `leads` existing leads, inserted directly for speed.
    static func seed(path: String, leads: Int) async throws {
        let database = try await Database.open(.sqlite(path: path))
        try await Migrator().migrate(database)
        await database.close()
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        _ = try await connection.query("PRAGMA journal_mode = WAL")
        try await insertLeads(connection, count: leads, emailPrefix: "person", domainPrefix: "seed")
        try await connection.close()
    }

    static func insertLeads(_ connection: SQLiteConnection, count: Int, emailPrefix: String, domainPrefix: String) async throws {
        let columns = [
            "email", "email_normalized", "first_name", "last_name", "title", "company", "stage", "attributes", "created_at", "updated_at",
        ]
        let chunk = 500
        _ = try await connection.query("BEGIN IMMEDIATE")
        var start = 0
        while start < count {
            let size = min(chunk, count - start)
            let placeholders = Array(repeating: "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")", count: size)
            var binds: [SQLiteData] = []
            for index in start..<start + size {
                let email = "\(emailPrefix)-\(index)@\(domainPrefix)-\(index % 997).example"
                binds += [
                    .text(email), .text(email), .text("First\(index)"), .text("Last\(index)"), .text("Head of Growth"),
                    .text("Company \(index % 997)"), .text("lead"), .text("{\"favourite_channel\":\"LinkedIn\"}"), .float(1_764_000_000),
                    .float(1_764_000_000),
                ]
            }
            _ = try await connection.query(
                "INSERT INTO leads (\(columns.joined(separator: ","))) VALUES \(placeholders.joined(separator: ","))", binds)
            start += size
        }
        _ = try await connection.query("COMMIT")
    }

    static func rawInsertSeconds(directory: URL, rows: Int) async throws -> Double {
        let path = directory.appendingPathComponent("anchor.db").path
        try await seed(path: path, leads: 0)
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        _ = try await connection.query("PRAGMA synchronous = FULL")
        let start = ContinuousClock.now
        try await insertLeads(connection, count: rows, emailPrefix: "anchor", domainPrefix: "company")
        let seconds = seconds(ContinuousClock.now - start)
        try await connection.close()
        return seconds
    }
}
