import ArgumentParser
import Foundation
import TandemCore
import TandemServer
import TandemStore

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import leads from CSV or events from Segment JSON lines.", subcommands: [Leads.self, Events.self])

    struct Leads: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a CSV of leads (HubSpot, Salesforce or plain); upsert by email. Exits 1 when any row was rejected.")
        @Argument(help: "The CSV file") var file: String
        @Option(name: .customLong("map"), help: "COLUMN=field, to say where a column goes (repeatable)") var mappings: [String] = []
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let logger = CommandLog.bootstrap(try options.configuration())
            let overrides = try LeadColumnMapping.overrides(mappings)
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw UnreadableFile(path: file)
            }
            let name = URL(fileURLWithPath: file).lastPathComponent
            let report = try await options.withDatabase(logger: logger) { database in
                try await database.leadImporter.importCSV(
                    file: file, overrides: overrides, sourceName: name, now: SystemClock().now())
            }
            for row in report.rejected {
                printError("line \(row.line): \(row.error.field.map { "\($0): " } ?? "")\(row.error.message)")
            }
            if report.rejectedCount > report.rejected.count {
                printError("… and \(report.rejectedCount - report.rejected.count) more rejected rows")
            }
            print(
                "Imported \(report.imported) leads from \(name) (\(report.created) created, \(report.updated) updated); "
                    + "\(report.rejectedCount) rejected, \(report.skipped) skipped; read as \(report.encoding.rawValue).")
            if report.rejectedCount > 0 { throw ExitCode(1) }
        }
    }

    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import Segment messages, one JSON object a line; duplicates (same messageId) are skipped. Exits 1 when any line was rejected."
        )
        @Argument(help: "The JSON-lines file") var file: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let logger = CommandLog.bootstrap(try options.configuration())
            guard let handle = FileHandle(forReadingAtPath: file) else {
                throw UnreadableFile(path: file)
            }
            // A file only read from loses nothing if its close fails.
            defer { try? handle.close() }
            var rejectedLines: [(Int, TandemCore.ValidationError)] = []
            var summary = IngestSummary()
            try await options.withDatabase(logger: logger) { database in
                let ingestor = MessageIngestor(database: database)
                var lines = LineReader(handle: handle)
                var batch: [JSONValue] = []
                var batchLines: [Int] = []
                func flush() async throws {
                    guard !batch.isEmpty else { return }
                    let parser = MessageParser(receivedAt: Date().timeIntervalSince1970)
                    // History may come in any order: each lead is replayed once, after the last batch.
                    let outcome = try await ingestor.ingest(batch, parser: parser, measureSizes: true, writeKeyId: nil, deferReplays: true)
                    summary.stored += outcome.summary.stored
                    summary.duplicates += outcome.summary.duplicates
                    for rejection in outcome.rejections { rejectedLines.append((batchLines[rejection.index], rejection.error)) }
                    batch.removeAll(keepingCapacity: true)
                    batchLines.removeAll(keepingCapacity: true)
                }
                while let (number, line) = try lines.next() {
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    do {
                        let value = try line.withUnsafeBytes { try JSONValue.parse(bytes: $0) }
                        batch.append(value)
                        batchLines.append(number)
                    } catch let error as JSONValue.ParseError {
                        rejectedLines.append(
                            (number, TandemCore.ValidationError(code: "invalid_json", field: nil, message: error.description)))
                    }
                    if batch.count >= 500 { try await flush() }
                }
                try await flush()
                let replays = database.scoreReplays
                let queued = try await replays.pending()
                if queued > 0 {
                    printError("Scoring \(queued) leads from their full history…")
                    try await replays.drain(clock: SystemClock())
                }
            }
            for (line, error) in rejectedLines.sorted(by: { $0.0 < $1.0 }) {
                printError("line \(line): \(error.field.map { "\($0): " } ?? "")\(error.message)")
            }
            print("Stored \(summary.stored) events; \(summary.duplicates) duplicates skipped; \(rejectedLines.count) lines rejected.")
            if !rejectedLines.isEmpty { throw ExitCode(1) }
        }
    }
}

/// Reads a file line by line in 1 MB pieces, so a file of any size needs little memory.
struct LineReader {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var lineNumber = 0
    private var finished = false

    init(handle: FileHandle) {
        self.handle = handle
    }

    /// The next line (without its line break) and its 1-based number.
    mutating func next() throws -> (Int, [UInt8])? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = Array(buffer[position..<newline])
                position = newline + 1
                lineNumber += 1
                return (lineNumber, line)
            }
            if finished {
                guard position < buffer.count else { return nil }
                let line = Array(buffer[position...])
                position = buffer.count
                lineNumber += 1
                return (lineNumber, line)
            }
            buffer.removeFirst(position)
            position = 0
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
