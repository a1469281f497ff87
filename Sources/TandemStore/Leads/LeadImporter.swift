import Foundation
import SQLKit
import TandemCore

/// The result of importing a CSV of leads: counts, and the first rejected rows.
public struct LeadImportReport: Sendable {
    public struct RejectedRow: Sendable, Equatable {
        public let line: Int
        public let error: ValidationError
    }

    /// How many rejected rows are listed; the rest are counted.
    public static let listedRejections = 100

    public var created = 0
    public var updated = 0
    public var skipped = 0
    /// The first `listedRejections` rejected rows, by line.
    public var rejected: [RejectedRow] = []
    /// Every rejected row.
    public var rejectedCount = 0
    public var encoding: TextDecoding.Encoding = .utf8

    public var imported: Int { created + updated }

    public init() {}

    mutating func reject(line: Int, _ error: ValidationError) {
        rejectedCount += 1
        if rejected.count < Self.listedRejections { rejected.append(.init(line: line, error: error)) }
    }
}

/// Imports a HubSpot, Salesforce or plain CSV export of leads: every good row in one
/// transaction, every bad row reported with its line number and reason.
///
/// The file is read in chunks and written a batch of rows at a time (each batch scored before
/// the next), so memory stays bounded whatever the file's size; the whole import still commits
/// or rolls back as one.
public struct LeadImporter: Sendable {
    let database: Database
    /// Rows written and scored together.
    static let batchSize = 2000

    /// Imports a file read from disk in chunks of `chunkSize` bytes.
    /// - Parameters:
    ///   - overrides: explicit `column → field` mappings.
    ///   - sourceName: recorded as the actor of the stage changes (`import:NAME`).
    public func importCSV(
        file path: String, overrides: [String: String] = [:], sourceName: String, chunkSize: Int = 1 << 20, now: Double,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> LeadImportReport {
        // First pass: the encoding, as spreadsheets do not say.
        var detector = UTF8Detector()
        try Self.forEachChunk(of: path, size: chunkSize) { detector.feed($0) }
        let encoding = detector.encoding
        let separator = try Self.separator(of: path)
        return try await database.write(now: now, actor: .importFile(sourceName)) { tx in
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw UnreadableFile(path: nil)
            }
            // Closing a file only read from cannot lose data; a failure to close is not the import's.
            defer { try? handle.close() }
            var first = true
            var reader = CSVReader(separator: separator, encoding: encoding) {
                guard var data = try handle.read(upToCount: chunkSize).map([UInt8].init), !data.isEmpty else { return nil }
                if first, data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
                first = false
                return data
            }
            var report = try await Self.importRecords(&reader, overrides: overrides, in: tx, progress: progress)
            report.encoding = encoding
            return report
        }
    }

    /// Imports a file already in memory (small files, tests).
    public func importCSV(
        _ bytes: [UInt8], overrides: [String: String] = [:], sourceName: String, now: Double
    ) async throws -> LeadImportReport {
        let (text, encoding) = TextDecoding.decode(bytes)
        return try await database.write(now: now, actor: .importFile(sourceName)) { tx in
            var reader = CSVReader(text: text, separator: CSVReader.detectSeparator(text))
            var report = try await Self.importRecords(&reader, overrides: overrides, in: tx)
            report.encoding = encoding
            return report
        }
    }

    /// `progress` hears how many rows were read after each batch.
    private static func importRecords(
        _ reader: inout CSVReader, overrides: [String: String], in tx: UnitOfWork, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> LeadImportReport {
        var report = LeadImportReport()
        guard let header = reader.next() else {
            throw ValidationError(code: "empty_file", field: "file", message: "the file is empty")
        }
        let parser = LeadRowParser(mapping: try LeadColumnMapping(header: header.fields, overrides: overrides))
        var inputs: [LeadInput] = []
        var lines: [Int] = []
        func flush() async throws {
            guard !inputs.isEmpty else { return }
            let results = try await LeadWriter(in: tx).apply(inputs)
            // Each batch is scored before the next is read, so memory stays bounded.
            try await tx.settle()
            for (index, result) in results.enumerated() {
                switch result {
                case .success(let write):
                    if write.created { report.created += 1 } else { report.updated += 1 }
                case .failure(let error):
                    report.reject(line: lines.indices.contains(index) ? lines[index] : 0, error)
                }
            }
            inputs.removeAll(keepingCapacity: true)
            lines.removeAll(keepingCapacity: true)
            progress?(report.imported + report.skipped + report.rejectedCount)
        }
        while let record = reader.next() {
            switch parser.parse(record.fields) {
            case .skipped:
                report.skipped += 1
            case .rejected(let error):
                report.reject(line: record.line, error)
            case .lead(let input):
                inputs.append(input)
                lines.append(record.line)
                if inputs.count >= batchSize { try await flush() }
            }
        }
        if let failure = reader.failure {
            throw ValidationError(
                code: "invalid_file", field: "file",
                message: "the record starting on line \(failure.line) is longer than 1 MiB (a quote left open?); nothing was imported")
        }
        if let failure = reader.readFailure {
            throw ValidationError(code: "invalid_file", field: "file", message: "the file could not be read: \(failure)")
        }
        try await flush()
        report.rejected.sort { $0.line < $1.line }
        return report
    }

    /// The separator its header line uses.
    private static func separator(of path: String) throws -> Character {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UnreadableFile(path: nil)
        }
        // A file only read from loses nothing if its close fails.
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 64 * 1024) ?? Data()
        return CSVReader.detectSeparator(String(decoding: head, as: UTF8.self))
    }

    private static func forEachChunk(of path: String, size: Int, _ body: ([UInt8]) -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UnreadableFile(path: nil)
        }
        // A file only read from loses nothing if its close fails.
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: size), !data.isEmpty { body([UInt8](data)) }
    }
}
