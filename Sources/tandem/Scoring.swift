import ArgumentParser
import Foundation
import TandemCore
import TandemServer
import TandemStore

/// `tandem scoring export|import`: the scoring model as one reviewable document.
struct Scoring: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export or import the scoring model as YAML or JSON (docs/scoring.md).", subcommands: [Export.self, Import.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the scoring model in force.")
        @Option(help: "yaml or json") var format: ModelDocumentFormat = .yaml
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let logger = CommandLog.bootstrap(try options.configuration())
            let active = try await options.withDatabase(logger: logger) { database in
                try await database.scoringModels.current()
            }
            print(format.write(active.model.document), terminator: "")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a model document and save it as the next version; every lead is then re-scored.")
        @Argument(help: "A .yaml, .yml or .json file") var file: String
        @Flag(help: "Only queue the re-scoring for a running server's background work") var background = false
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            let model: ScoringModel
            do {
                let format = ModelDocumentFormat.detect(contentType: nil, fileName: file, text: text)
                model = try ScoringModel(document: try format.parse(text))
            } catch let error as TandemCore.ValidationError {
                FileHandle.standardError.write(Data("\(file): \(error.description)\n".utf8))
                throw ExitCode(1)
            } catch let errors as ValidationErrors {
                for error in errors.errors { FileHandle.standardError.write(Data("\(file): \(error.description)\n".utf8)) }
                throw ExitCode(1)
            }
            let logger = CommandLog.bootstrap(try options.configuration())
            try await options.withDatabase(logger: logger) { database in
                let job = try await database.scoringModels.save(model, by: .commandLine, now: SystemClock().now())
                print("Saved scoring model version \(job.modelVersion).")
                if background {
                    print("Re-scoring of \(job.total) leads queued for the server's background work.")
                } else {
                    try await Rebuild.runJobs(database)
                }
            }
        }
    }
}

/// `tandem score rebuild`: replays every lead under the model in force.
struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Scores.", subcommands: [Rebuild.self])
}

struct Rebuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-score every lead from its history under the model in force, handing off those that are ready.")
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let logger = CommandLog.bootstrap(try options.configuration())
        try await options.withDatabase(logger: logger) { database in
            _ = try await database.scoreJobs.enqueueRebuild(now: SystemClock().now())
            try await Self.runJobs(database)
        }
    }

    /// Runs the waiting re-scoring jobs here and now, and says how it went.
    static func runJobs(_ database: Database) async throws {
        let started = Date()
        while let job = try await database.scoreJobs.runNext(clock: SystemClock()) {
            print("Re-scored \(job.done) of \(job.total) leads under version \(job.modelVersion): \(job.status).")
        }
        print(String(format: "Done in %.1f s.", Date().timeIntervalSince(started)))
    }
}

extension ModelDocumentFormat: ExpressibleByArgument {}
