import Testing

@testable import TandemCore

@Suite("CSV reading and lead column mapping")
struct CSVImportTests {
    @Test("quoted fields hold commas, quotes and line breaks; records know their first line")
    func readsRFC4180() {
        let text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"multi\nline\",z\n3,,\n"
        let records = Array(CSVReader(text: text))
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "multi\nline", "z"], ["3", "", ""]])
        #expect(records.map(\.line) == [1, 2, 3, 5])
    }

    @Test("semicolon files are detected")
    func semicolons() {
        #expect(CSVReader.detectSeparator("Email;First Name;Last Name\n") == ";")
        #expect(CSVReader.detectSeparator("Email,First Name\n") == ",")
    }

    @Test("a byte-order mark is dropped and Latin-1 files are read as Latin-1")
    func encodings() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Email\n".utf8)
        #expect(TextDecoding.decode(bom) == ("Email\n", .utf8))
        let latin1: [UInt8] = Array("Name\nJos".utf8) + [0xE9] + Array(" M".utf8) + [0xFC, 0x6C, 0x6C, 0x65, 0x72]
        let decoded = TextDecoding.decode(latin1)
        #expect(decoded.encoding == .latin1)
        #expect(decoded.text == "Name\nJosé Müller")
    }

    @Test("HubSpot contact export columns are recognised; Lead Status stays an attribute")
    func hubspot() throws {
        let header = [
            "Record ID", "First Name", "Last Name", "Email", "Job Title", "Company Name", "Lifecycle Stage", "Lead Status", "Contact owner",
            "Country/Region", "Number of Employees", "Original Source",
        ]
        let mapping = try LeadColumnMapping(header: header)
        #expect(
            mapping.targets == [
                .attribute("record_id"), .field(.firstName), .field(.lastName), .field(.email), .field(.title), .field(.company),
                .field(.stage), .attribute("lead_status"), .field(.owner), .field(.country), .field(.companySize), .field(.source),
            ])
        let parser = LeadRowParser(mapping: mapping)
        guard
            case .lead(let input) = parser.parse(
                [
                    "101", "Ann", "Lee", "ann@acme.io", "CTO", "Acme", "marketingqualifiedlead", "OPEN", "Bob Rep", "Germany", "51-200",
                    "ORGANIC_SEARCH",
                ])
        else {
            Issue.record("row was not a lead")
            return
        }
        #expect(input.stage == .mql)
        #expect(input.companySize == .some(51))
        #expect(input.attributes == ["record_id": "101", "lead_status": "OPEN"])
        #expect(input.fields[.owner] == "Bob Rep")
    }

    @Test("Salesforce report labels and API names are recognised, and report footers skipped")
    func salesforce() throws {
        let report = try LeadColumnMapping(header: [
            "First Name", "Last Name", "Title", "Company / Account", "Email", "Lead Source", "Lead Status", "Lead Owner",
            "No. of Employees",
        ])
        #expect(report.targets.contains(.field(.company)))
        #expect(report.targets.contains(.field(.stage)))
        #expect(report.targets.contains(.field(.source)))
        #expect(report.targets.contains(.field(.owner)))
        let api = try LeadColumnMapping(header: [
            "FirstName", "LastName", "Email", "LeadSource", "Status", "NumberOfEmployees", "OwnerId", "Industry",
        ])
        #expect(
            api.targets == [
                .field(.firstName), .field(.lastName), .field(.email), .field(.source), .field(.stage), .field(.companySize),
                .field(.owner), .field(.industry),
            ])
        let parser = LeadRowParser(mapping: api)
        #expect(parser.parse(["Grand Totals (2 records)", "", "", "", "", "", "", ""]) == .skipped)
        #expect(
            parser.parse(["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.", "", "", "", "", "", "", ""]) == .skipped)
        #expect(parser.parse(["Confidential Information - Do Not Distribute"]) == .skipped)
        #expect(parser.parse(["", "", "", "", "", "", "", ""]) == .skipped)
    }

    @Test("explicit mappings win, unknown columns are kept as attributes, a missing email column is an error")
    func overrides() throws {
        let mapping = try LeadColumnMapping(
            header: ["E-Mail Adresse", "Favourite Colour", "Vorname"], overrides: ["E-Mail Adresse": "email", "Vorname": "first_name"])
        #expect(mapping.targets == [.field(.email), .attribute("favourite_colour"), .field(.firstName)])
        #expect(throws: ValidationError.self) { try LeadColumnMapping(header: ["Name", "Phone"]) }
        #expect(throws: ValidationError.self) { try LeadColumnMapping(header: ["Email"], overrides: ["Missing": "email"]) }
    }

    @Test("a bad row is rejected with the field and reason")
    func badRows() throws {
        let parser = LeadRowParser(mapping: try LeadColumnMapping(header: ["Email", "Lifecycle Stage", "Number of Employees"]))
        #expect(
            parser.parse(["not-an-email", "lead", "5"])
                == .rejected(
                    ValidationError(
                        code: "invalid_email", field: "email",
                        message: "'not-an-email' is not a valid email address: it needs exactly one '@'")))
        guard case .rejected(let stage) = parser.parse(["a@b.io", "sleeping", ""]) else { Issue.record("accepted"); return }
        #expect(stage.field == "stage")
        guard case .rejected(let size) = parser.parse(["a@b.io", "", "lots"]) else { Issue.record("accepted"); return }
        #expect(size.field == "company_size")
        guard case .rejected(let extra) = parser.parse(["a@b.io", "", "", "surprise"]) else { Issue.record("accepted"); return }
        #expect(extra.message.contains("columns"))
    }

    @Test("CSV writing quotes what needs quoting and reads back")
    func writes() {
        let line = CSVWriter.line(["plain", "a,b", "say \"hi\"", nil, "two\nlines"])
        #expect(line == "plain,\"a,b\",\"say \"\"hi\"\"\",,\"two\nlines\"\r\n")
        #expect(Array(CSVReader(text: line)).first?.fields == ["plain", "a,b", "say \"hi\"", "", "two\nlines"])
    }
}
