import ArgumentParser
import Foundation
import Hummingbird
import TandemCore
import TandemServer
import TandemStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Tandem server (migrates the database first).")

    @Option(help: "Address to listen on (default: $TANDEM_HOST or 127.0.0.1)") var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (default: $TANDEM_PORT or 8080)") var port: Int?
    @Flag(help: "Serve a fresh demo company from a temporary SQLite file, deleted on exit") var demo = false
    @OptionGroup var options: DatabaseOptions

    func validate() throws {
        if demo, options.database != nil {
            throw ValidationError("--demo serves its own temporary database; leave out --database (or run `tandem demo --database URL`)")
        }
    }

    func run() async throws {
        var configuration = try options.configuration()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        let logger = CommandLog.bootstrap(configuration)
        var demoDirectory: URL?
        if demo {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-demo-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            demoDirectory = directory
            configuration.databaseURL = "sqlite://" + directory.appendingPathComponent("demo.db").path
        }
        // The demo database is temporary; one left behind is only disk space.
        defer { if let demoDirectory { try? FileManager.default.removeItem(at: demoDirectory) } }
        let url = try DatabaseURL(configuration.databaseURL)
        let database = try await Database.open(url, logger: logger)
        do {
            let applied = try await Migrator().migrate(database)
            if !applied.isEmpty { logger.info("migrated", metadata: ["applied": "\(applied.joined(separator: ","))"]) }
            if demo {
                FileHandle.standardOutput.write(Data("Generating the demo company…\n".utf8))
                let summary = try await DemoData.load(
                    into: database, seed: 42, until: try DemoData.endOfHistory(nil), bcryptCost: configuration.bcryptCost)
                FileHandle.standardOutput.write(Data("\(summary)\n".utf8))
            }
            let host = configuration.host
            let demo = demo
            let app = try buildApplication(database: database, configuration: configuration, logger: logger) { port in
                logger.info("Tandem is listening", metadata: ["url": "http://\(host):\(port)", "database": "\(url)"])
                FileHandle.standardOutput.write(Data("Tandem is listening on http://\(host):\(port)\n".utf8))
                if demo { FileHandle.standardOutput.write(Data("Open http://\(host):\(port)/ and sign in.\n\(DemoData.signIns)\n".utf8)) }
            }
            // SIGTERM and SIGINT start a graceful shutdown: requests in flight finish first.
            try await app.runService()
            logger.info("Tandem stopped")
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the database migrations that have not run yet.")
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let configuration = try options.configuration()
        let logger = CommandLog.bootstrap(configuration)
        let database = try await Database.open(try DatabaseURL(configuration.databaseURL), logger: logger)
        do {
            let applied = try await Migrator().migrate(database)
            print(applied.isEmpty ? "The database is up to date." : "Applied: \(applied.joined(separator: ", "))")
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}
