import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("CSV imports read in chunks")
struct StreamingImportTests {
    static let csv =
        "Email,First Name,Job Title,Notes\r\n"
        + "ann@acme.example,Ann,VP Marketing,\"said \"\"yes\"\", then\r\nmore, on two lines\"\r\n"
        + "bob@,Bob,CEO,bad email\r\n"
        + "cé@acme.example,Cé,Head of Sales,\"é, ü\"\r\n"
        + "dan@acme.example,Dan,Analyst,last row without a line break"

    @Test("every chunk size gives the same records as reading the whole text")
    func chunkBoundaries() {
        let whole = Array(CSVReader(text: Self.csv))
        let bytes = Array(Self.csv.utf8)
        for size in [1, 2, 3, 7, 64, 4096] {
            var offset = 0
            let reader = CSVReader(encoding: .utf8) {
                guard offset < bytes.count else { return nil }
                defer { offset += size }
                return Array(bytes[offset..<min(offset + size, bytes.count)])
            }
            #expect(Array(reader) == whole, "chunks of \(size)")
        }
    }

    @Test("UTF-8 is told from Latin-1 across chunk boundaries")
    func encodings() {
        for size in [1, 2, 3, 5] {
            var utf8 = UTF8Detector()
            let bytes = Array("a é ü 😀 z".utf8)
            for start in stride(from: 0, to: bytes.count, by: size) { utf8.feed(Array(bytes[start..<min(start + size, bytes.count)])) }
            #expect(utf8.encoding == .utf8, "chunks of \(size)")
            var latin1 = UTF8Detector()
            let windows: [UInt8] = [0x61, 0xE9, 0x20, 0x62]
            for start in stride(from: 0, to: windows.count, by: size) {
                latin1.feed(Array(windows[start..<min(start + size, windows.count)]))
            }
            #expect(latin1.encoding == .latin1, "chunks of \(size)")
        }
    }

    @Test("a file imported in small chunks gives the same result as in one piece, on both engines", arguments: TestEngine.available)
    func fileImport(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString).csv").path
            try Self.csv.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let report = try await database.leadImporter.importCSV(
                file: path, sourceName: "t.csv", chunkSize: 5, now: Date().timeIntervalSince1970)
            #expect(report.created == 3)
            #expect(report.rejectedCount == 1)
            #expect(report.rejected.first?.line == 4)
            #expect(report.encoding == .utf8)
            let ann = try #require(try await database.leads.find(email: "ann@acme.example"))
            let notes = JSONValue.string("said \"yes\", then\r\nmore, on two lines")
            #expect(ann.attributes.values.contains(notes), "\(ann.attributes)")
            #expect(try await database.leads.find(email: "cé@acme.example")?.firstName == "Cé")
        }
    }

    @Test("a quote left open stops at 1 MiB with the line it started on, and nothing is imported", arguments: TestEngine.available)
    func openQuote(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("open-\(UUID().uuidString).csv").path
            let text = "Email,Notes\nann@acme.example,ok\nbob@acme.example,\"never closed " + String(repeating: "x", count: 1_200_000)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            await #expect(throws: ValidationError.self) {
                try await database.leadImporter.importCSV(
                    file: path, sourceName: "t.csv", chunkSize: 64 * 1024, now: Date().timeIntervalSince1970)
            }
            #expect(try await database.leads.find(email: "ann@acme.example") == nil)
        }
    }

    @Test("only the first hundred rejected rows are listed; all are counted", arguments: TestEngine.available)
    func summarisedRejections(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let text = "Email\n" + (0..<250).map { "not-an-email-\($0)" }.joined(separator: "\n")
            let report = try await database.leadImporter.importCSV(
                Array(text.utf8), sourceName: "t.csv", now: Date().timeIntervalSince1970)
            #expect(report.rejectedCount == 250)
            #expect(report.rejected.count == LeadImportReport.listedRejections)
        }
    }
}
