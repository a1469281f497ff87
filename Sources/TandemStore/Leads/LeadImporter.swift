import Foundation
import TandemCore

/// The result of importing a CSV of leads.
public struct LeadImportReport: Sendable {
    public struct RejectedRow: Sendable, Equatable {
        public let line: Int
        public let error: ValidationError
    }

    public var created = 0
    public var updated = 0
    public var skipped = 0
    public var rejected: [RejectedRow] = []
    public var encoding: TextDecoding.Encoding = .utf8

    public var imported: Int { created + updated }
}

/// Imports a HubSpot, Salesforce or plain CSV export of leads: every good row in one
/// transaction, every bad row reported with its line number and reason.
public struct LeadImporter: Sendable {
    let leads: LeadStore

    public init(database: Database) {
        self.leads = LeadStore(database: database)
    }

    /// - Parameters:
    ///   - bytes: the file as read from disk or the request.
    ///   - overrides: explicit `column → field` mappings.
    ///   - sourceName: recorded as the actor of the stage changes (`import:NAME`).
    public func importCSV(_ bytes: [UInt8], overrides: [String: String] = [:], sourceName: String) async throws -> LeadImportReport {
        var report = LeadImportReport()
        let (text, encoding) = TextDecoding.decode(bytes)
        report.encoding = encoding
        var reader = CSVReader(text: text, separator: CSVReader.detectSeparator(text))
        guard let header = reader.next() else {
            throw ValidationError(code: "empty_file", field: "file", message: "the file is empty")
        }
        let parser = LeadRowParser(mapping: try LeadColumnMapping(header: header.fields, overrides: overrides))
        var inputs: [LeadInput] = []
        var lines: [Int] = []
        while let record = reader.next() {
            switch parser.parse(record.fields) {
            case .skipped:
                report.skipped += 1
            case .rejected(let error):
                report.rejected.append(.init(line: record.line, error: error))
            case .lead(let input):
                inputs.append(input)
                lines.append(record.line)
            }
        }
        let results = try await leads.upsert(inputs, actor: .importFile(sourceName))
        for (index, result) in results.enumerated() {
            switch result {
            case .success(let write):
                if write.created { report.created += 1 } else { report.updated += 1 }
            case .failure(let error):
                report.rejected.append(.init(line: lines[index], error: error))
            }
        }
        report.rejected.sort { $0.line < $1.line }
        return report
    }
}
