import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Leads: import a CSV from the page")
struct ImportPagesTests {
    static let boundary = "----TandemTestBoundary7"

    /// Uploads `csv` as a browser does: multipart, the form's token in the address.
    static func upload(_ browser: inout Browser, _ csv: String, name: String = "leads.csv", csrf: String? = nil) async throws
        -> TestResponse
    {
        let body =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n"
            + csv + "\r\n--\(boundary)--\r\n"
        var headers = browser.cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let token = csrf ?? browser.csrf
        let response = try await browser.client.execute(
            uri: "/leads/import?_csrf=\(token)", method: .post, headers: headers, body: ByteBuffer(string: body))
        browser.keep(response)
        return response
    }

    static func hidden(_ name: String, in html: String) -> String? { ScoringPagesTests.hidden(name, in: html) }

    @Test("an upload shows each column's reading with samples; the import follows the changed mapping and lists the bad row")
    func uploadMapImport() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("maya@example.com", role: .marketing)
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            try await maya.get("/leads/import")
            let csv = "E-mail,Given,Colour\nana@acme.example,Ana,blue\nnot-an-email,Bad,red\nbo@acme.example,Bo,green\n"
            let mapping = try await Self.upload(&maya, csv, name: "../../etc/spring list.csv")
            #expect(mapping.status == .ok)
            #expect(mapping.html.contains("Check the columns of spring list.csv"))
            #expect(mapping.html.contains(#"<option value="email" selected>"#), "E-mail is recognised")
            #expect(mapping.html.contains("ana@acme.example · not-an-email · bo@acme.example"))
            let token = try #require(Self.hidden("upload", in: mapping.html))
            #expect(try await app.database.leads.find(email: "ana@acme.example") == nil, "nothing is written before the import")

            let started = try await maya.post(
                "/leads/import/run",
                ["upload": token, "file_name": "spring list.csv", "map_0": "email", "map_1": "first_name", "map_2": "-"])
            #expect(started.status == .seeOther)
            let job = try #require(started.headers[.location])
            var page = try await maya.get(job).html
            for _ in 0..<100 where !page.contains("import-report") {
                try await Task.sleep(for: .milliseconds(50))
                page = try await maya.get(job).html
            }
            #expect(page.contains(#"id="import-created">2<"#) && page.contains(#"id="import-rejected">1<"#))
            #expect(page.contains("<td>3</td><td><code>email</code></td>"), "the bad row is named by its line")
            let ana = try #require(try await app.database.leads.find(email: "ana@acme.example"))
            #expect(ana.firstName == "Ana" && ana.attributes["colour"] == nil, "the column left out is not imported")
            let progress = try await maya.get(job + "/progress")
            #expect(try progress.json["finished"] == true && progress.json["percent"] == 100)
            #expect(try await maya.post("/leads/import/run", ["upload": token]).status == .notFound, "an upload imports once")
        }
    }

    @Test("uploads are refused without a token, for sales, without a file or an email column, and another person's job is hidden")
    func refusals() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("maya@example.com", role: .marketing)
            try await app.createUser("max@example.com", role: .marketing)
            try await app.createUser(TestApp.repEmail, role: .sales)
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            try await maya.get("/leads/import")
            #expect(try await Self.upload(&maya, "email\na@x.example\n", csrf: "forged").status == .forbidden)
            let empty = try await Self.upload(&maya, "")
            #expect(empty.status == .unprocessableContent && empty.html.contains("Choose a CSV file"))
            let mapping = try await Self.upload(&maya, "Name,Phone\nAna,123\n")
            let token = try #require(Self.hidden("upload", in: mapping.html))
            let noEmail = try await maya.post("/leads/import/run", ["upload": token, "map_0": "name", "map_1": "phone"])
            #expect(noEmail.status == .unprocessableContent && noEmail.html.contains("Choose the column that holds the email"))
            let withEmail = try await Self.upload(&maya, "email\na@x.example\n")
            let started = try await maya.post("/leads/import/run", ["upload": try #require(Self.hidden("upload", in: withEmail.html))])
            let job = try #require(started.headers[.location])

            var max = try await Browser.signedIn("max@example.com", on: client)
            #expect(try await max.get(job).status == .notFound, "an import's report is its author's")
            #expect(try await max.get("/leads/import/run").status != .ok)
            var rep = try await Browser.signedIn(TestApp.repEmail, on: client)
            #expect(try await rep.get("/leads/import").status == .forbidden)
            #expect(!(try await rep.get("/leads").html.contains("Import a CSV")))
        }
    }
}
