import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("Importing leads from CSV")
struct LeadImporterTests {
    @Test("a HubSpot export imports; bad rows are reported by line and the good rows are kept", arguments: TestEngine.available)
    func hubspotExport(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let csv = """
                \u{FEFF}Record ID,First Name,Last Name,Email,Lifecycle Stage,Contact owner,Favourite Tool
                1,Ann,Lee,ann@acme.io,marketingqualifiedlead,Bob Rep,Figma
                2,Cy,Oh,not-an-email,lead,,
                3,"Dee, Jr.",Ng,dee@gmail.com,Customer,Bob Rep,Excel
                4,Eve,Li,eve@acme.io,sleeping,,
                """
            let report = try await database.leadImporter.importCSV(
                Array(csv.utf8), sourceName: "hubspot.csv", now: Date().timeIntervalSince1970)
            #expect(report.created == 2)
            #expect(report.rejected.map(\.line) == [3, 5])
            #expect(report.rejected.map(\.error.field) == ["email", "stage"])
            let ann = try #require(try await database.leads.find(email: "ann@acme.io"))
            #expect(ann.stage == .mql)
            #expect(ann.owner == "Bob Rep")
            #expect(ann.attributes["favourite_tool"] == "Figma")
            let dee = try #require(try await database.leads.find(email: "dee@gmail.com"))
            #expect(dee.firstName == "Dee, Jr.")
            #expect(dee.stage == .customer)
            #expect(dee.accountId == nil)
            let changes = try await database.leads.stageChanges(leadId: ann.id)
            #expect(changes.first?.actor == "import:hubspot.csv")
        }
    }

    @Test("re-importing updates by email instead of duplicating; a backward stage is refused for that row", arguments: TestEngine.available)
    func upsertByEmail(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let importer = database.leadImporter
            _ = try await importer.importCSV(
                Array("Email,Title,Lifecycle Stage\nann@acme.io,CTO,customer\nbo@acme.io,VP,lead\n".utf8), sourceName: "a",
                now: Date().timeIntervalSince1970)
            let again = try await importer.importCSV(
                Array("Email,Title,Lifecycle Stage\nANN@acme.io,CEO,lead\nbo@acme.io,SVP,mql\ncy@acme.io,,\n".utf8), sourceName: "b",
                now: Date().timeIntervalSince1970)
            #expect(again.updated == 1)
            #expect(again.created == 1)
            #expect(again.rejected.map(\.line) == [2])
            #expect(again.rejected.first?.error.message.contains("cannot move from customer to lead") == true)
            #expect(try await database.count("leads") == 3)
            let bo = try await database.leads.find(email: "bo@acme.io")
            #expect(bo?.title == "SVP")
            #expect(bo?.stage == .mql)
            #expect(try await database.leads.find(email: "ann@acme.io")?.title == "CTO")
        }
    }

    @Test("Latin-1 Salesforce exports are read correctly and their footers skipped", arguments: TestEngine.available)
    func latin1Salesforce(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            var bytes = Array("\"First Name\",\"Last Name\",\"Email\",\"Lead Source\"\n\"Jos".utf8)
            bytes += [0xE9]
            bytes +=
                Array("\",\"M".utf8) + [0xFC]
                + Array(
                    "ller\",\"jose@firma.de\",\"Web\"\n\n\"Grand Totals (1 records)\"\n\n\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n"
                        .utf8)
            let report = try await database.leadImporter.importCSV(
                bytes, sourceName: "sf.csv", now: Date().timeIntervalSince1970)
            #expect(report.encoding == .latin1)
            #expect(report.created == 1)
            #expect(report.rejected.isEmpty)
            let lead = try await database.leads.find(email: "jose@firma.de")
            #expect(lead?.firstName == "José")
            #expect(lead?.lastName == "Müller")
            #expect(lead?.source == "Web")
        }
    }
}
