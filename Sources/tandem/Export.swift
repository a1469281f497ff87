import ArgumentParser
import Foundation
import TandemCore
import TandemServer
import TandemStore

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write leads or events to standard output as CSV or JSON lines, streaming.")

    enum Kind: String, ExpressibleByArgument, CaseIterable { case leads, events }
    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

    @Argument(help: "leads or events") var kind: Kind
    @Option(help: "csv or jsonl") var format: Format = .csv
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let logger = CommandLog.bootstrap(try options.configuration())
        try await options.withDatabase(logger: logger) { database in
            var output = OutputStream()
            switch kind {
            case .leads:
                if format == .csv { output.write(LeadExportFormat.csvHeader) }
                try await database.leads.forEachPage { page in
                    for lead in page { output.write(format == .csv ? LeadExportFormat.csvLine(lead) : try LeadExportFormat.jsonLine(lead)) }
                }
            case .events:
                if format == .csv { output.write(EventExportFormat.csvHeader) }
                try await database.events.forEachPage { page in
                    for event in page {
                        output.write(format == .csv ? EventExportFormat.csvLine(event) : EventExportFormat.jsonLine(event))
                    }
                }
            }
            output.flush()
        }
    }
}
