import Testing

@testable import TandemStore

@Suite("Migrations")
struct MigrationTests {
    @Test("run once, recorded, and a second run applies nothing", arguments: TestEngine.available)
    func idempotent(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            // withDatabase has migrated already.
            let again = try await Migrator().migrate(database)
            #expect(again.isEmpty)
            #expect(try await database.count("tandem_migrations") == TandemMigrations.all.count)
        }
    }

    @Test("database URLs parse, and bad ones say what is wrong")
    func urls() throws {
        #expect(try DatabaseURL("sqlite://tandem.db") == .sqlite(path: "tandem.db"))
        #expect(try DatabaseURL("sqlite:///var/lib/tandem.db") == .sqlite(path: "/var/lib/tandem.db"))
        #expect(
            try DatabaseURL("postgres://ann:s%40cret@db.local:6543/crm")
                == .postgres(host: "db.local", port: 6543, username: "ann", password: "s@cret", database: "crm"))
        #expect(
            try DatabaseURL("postgresql://ann@db/crm") == .postgres(host: "db", port: 5432, username: "ann", password: nil, database: "crm")
        )
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("mysql://x") }
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("postgres://db/crm") }
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("postgres://ann@db") }
        #expect(String(describing: try DatabaseURL("postgres://ann:pw@db/crm")).contains("pw") == false)
    }
}
