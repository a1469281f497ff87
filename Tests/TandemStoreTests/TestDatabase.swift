import Foundation
import Logging
import PostgresNIO
import SQLKit
import Testing

@testable import TandemStore

/// The engines every storage test runs on: SQLite always, PostgreSQL when
/// `TANDEM_TEST_POSTGRES_URL` names a server (the test script starts one).
enum TestEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var available: [TestEngine] {
        ProcessInfo.processInfo.environment["TANDEM_TEST_POSTGRES_URL"].map { _ in [.sqlite, .postgres] } ?? [.sqlite]
    }

    var testDescription: String { rawValue }

    /// Runs `body` on a new, migrated, empty database of this engine, removed afterwards;
    /// `migrations` names a schema of an earlier version, to test an upgrade.
    func withDatabase(migrations: [any Migration] = TandemMigrations.all, _ body: (Database) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await Database.open(.sqlite(path: directory.appendingPathComponent("test.db").path))
            try await run(database, migrations: migrations, body)
        case .postgres:
            let adminURL = ProcessInfo.processInfo.environment["TANDEM_TEST_POSTGRES_URL"]!
            guard case .postgres(let host, let port, let user, let password, _, let tls) = try DatabaseURL(adminURL) else {
                throw DatabaseURLError(text: adminURL, reason: "not a postgres URL")
            }
            let name = "tandem_test_\(UUID().uuidString.prefix(8).lowercased())"
            let admin = try await Database.open(try DatabaseURL(adminURL))
            try await admin.read { db in try await db.raw("CREATE DATABASE \(ident: name)").run() }
            let database = try await Database.open(
                .postgres(host: host, port: port, username: user, password: password, database: name, tls: tls))
            do {
                try await run(database, migrations: migrations, body)
            } catch {
                try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(ident: name)").run() }
                await admin.close()
                throw error
            }
            try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(ident: name)").run() }
            await admin.close()
        }
    }

    private func run(_ database: Database, migrations: [any Migration], _ body: (Database) async throws -> Void) async throws {
        do {
            try await Migrator(migrations: migrations).migrate(database)
            try await body(database)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

extension Database {
    /// A count for assertions.
    func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(unsafeRaw: condition)").first(
                decodingColumn: "n", as: Int.self) ?? -1
        }
    }
}
