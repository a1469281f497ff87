import ArgumentParser
import Foundation
import Logging
import TandemServer
import TandemStore

/// The `tandem` command: thin; each subcommand parses, then calls the library.
@main
struct Tandem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Tandem aligns Marketing and Sales on one set of facts.",
        subcommands: [Serve.self, Migrate.self, Keys.self, Users.self, Import.self, Export.self, Demo.self, Scoring.self, Score.self])
}

/// `--database`, shared by every command that touches data.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Database URL: sqlite://FILE or postgres://USER:PASS@HOST:PORT/DB (default: $TANDEM_DATABASE_URL or sqlite://tandem.db)")
    var database: String?

    /// The settings from the environment with this command's flags on top.
    func configuration() throws -> TandemConfiguration {
        var configuration = try TandemConfiguration(environment: ProcessInfo.processInfo.environment)
        if let database { configuration.databaseURL = database }
        return configuration
    }

    /// Opens and migrates the database, runs `body`, and always closes it.
    func withDatabase<T>(logger: Logger, _ body: (Database) async throws -> T) async throws -> T {
        let configuration = try configuration()
        let database = try await Database.open(try DatabaseURL(configuration.databaseURL), logger: logger)
        do {
            try await Migrator().migrate(database)
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}

enum CommandLog {
    /// Sets up structured logging once, from the environment's settings.
    static func bootstrap(_ configuration: TandemConfiguration) -> Logger {
        LoggingSystem.bootstrap { label in
            StructuredLogHandler(label: label, level: configuration.logLevel, json: configuration.logFormat == .json)
        }
        return Logger(label: "tandem")
    }
}

/// Writes text to standard output in large pieces: exports stream millions of lines.
struct OutputStream {
    private var buffer = ""

    mutating func write(_ text: String) {
        buffer += text
        if buffer.utf8.count >= 64 * 1024 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }
}

/// Prints to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
