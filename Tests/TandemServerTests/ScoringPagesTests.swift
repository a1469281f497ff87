import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Scoring pages: preview, test on a lead, versions, compare, restore")
struct ScoringPagesTests {
    /// The value of the hidden field `name` in a page, as a browser would send it back.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value="([^"]*)""#, options: .regularExpression) else { return nil }
        let match = String(html[range])
        return match.split(separator: "\"").dropFirst(3).first.map(String.init)
    }

    @Test("saving shows the preview first; the previewed draft saves as is, even with CR LF line ends; marketing may, sales may not")
    func previewThenSave() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("maya@example.com", role: .marketing)
            try await app.createUser(TestApp.repEmail, role: .sales)
            try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            try await maya.get("/scoring")
            var draft = ScoringModel.standard
            draft.mql.fit = 99
            let text = ModelDocumentFormat.yaml.write(draft.document).replacingOccurrences(of: "\n", with: "\r\n")

            let first = try await maya.post("/scoring", ["document": text])
            #expect(first.status == .ok)
            #expect(first.html.contains("Not saved yet"))
            #expect(first.html.contains(#"id="preview-leave">1<"#), "the one MQL meets today's thresholds, not the draft's")
            #expect(try await app.database.scoringModels.current().version == 0)
            let digest = try #require(Self.hidden("previewed", in: first.html))

            let edited = try await maya.post("/scoring", ["document": text + "\r\n# changed", "previewed": digest])
            #expect(edited.status == .ok && edited.html.contains("Not saved yet"), "a draft changed after its preview is previewed again")

            let saved = try await maya.post("/scoring", ["document": text, "previewed": digest])
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/scoring?saved=1")
            #expect(try await app.database.scoringModels.current().model == draft)

            var rep = try await Browser.signedIn(TestApp.repEmail, on: client)
            try await rep.get("/scoring")
            #expect(try await rep.post("/scoring", ["document": text, "action": "preview"]).status == .forbidden)
        }
    }

    @Test("test on a lead shows the draft's explanation beside today's; an unknown lead is named")
    func testOnLead() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("maya@example.com", role: .marketing)
            try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            try await maya.get("/scoring")
            var draft = ScoringModel.standard
            let demo = try #require(draft.engagementRules.firstIndex { $0.id == "demo_request" })
            draft.engagementRules[demo].name = "Asked for a demo (draft)"
            let text = ModelDocumentFormat.yaml.write(draft.document)
            let tested = try await maya.post("/scoring", ["document": text, "action": "test", "lead": " kim@bigco.example "])
            #expect(tested.status == .ok)
            #expect(tested.html.contains("The draft on") && tested.html.contains("Asked for a demo (draft)"))
            #expect(tested.html.contains("Requested a demo"), "today's explanation beside it")
            let unknown = try await maya.post("/scoring", ["document": text, "action": "test", "lead": "nobody@x.example"])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.html.contains("no lead has the email or id “nobody@x.example”"))
            #expect(try await app.database.scoringModels.current().version == 0)
        }
    }

    @Test("versions are listed with who and when, shown, compared line by line and restored through a preview")
    func versionsCompareRestore() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("maya@example.com", role: .marketing, name: "Maya Chen")
            try await app.createUser(TestApp.repEmail, role: .sales)
            var first = ScoringModel.standard
            first.halfLifeDays = 10
            var second = first
            second.halfLifeDays = 20
            _ = try await app.database.scoringModels.save(first, by: .user("maya@example.com"), now: app.clock.now())
            _ = try await app.database.scoringModels.save(second, by: .user("maya@example.com"), now: app.clock.now())
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            let page = try await maya.get("/scoring").html
            #expect(page.contains(#"<a href="/scoring/versions/1">Version 1</a>"#) && page.contains("Maya Chen"))

            let compare = try await maya.get("/scoring/compare?from=1&to=2").html
            #expect(compare.contains("1 line removed, 1 added"))
            #expect(compare.contains("half_life_days: 10") && compare.contains("half_life_days: 20"))
            #expect(try await maya.get("/scoring/compare?from=1&to=x").status == .badRequest)
            #expect(try await maya.get("/scoring/compare?from=1&to=9").status == .notFound)
            #expect(try await maya.get("/scoring/versions/9").status == .notFound)

            var rep = try await Browser.signedIn(TestApp.repEmail, on: client)
            let readOnly = try await rep.get("/scoring/versions/1").html
            #expect(readOnly.contains("half_life_days: 10") && !readOnly.contains("Restore this version"))
            #expect(try await rep.get("/scoring?restore=1").status == .forbidden)

            #expect(try await maya.get("/scoring/versions/1").html.contains("Restore this version"))
            let restoring = try await maya.get("/scoring?restore=1")
            #expect(restoring.html.contains("Restoring version 1"))
            let document = try #require(
                restoring.html.range(of: #"(?s)<textarea id="document"[^>]*>(.*?)</textarea>"#, options: .regularExpression).map {
                    String(restoring.html[$0])
                })
            #expect(document.contains("half_life_days: 10"))
            let saved = try await maya.post(
                "/scoring",
                [
                    "document": ModelDocumentFormat.yaml.write(first.document), "action": "save",
                    "previewed": try #require(Self.hidden("previewed", in: restoring.html)),
                    "restoring": try #require(Self.hidden("restoring", in: restoring.html)),
                ])
            #expect(saved.headers[.location] == "/scoring?saved=3&restored=1")
            #expect(try await maya.get("/scoring?saved=3&restored=1").html.contains("Restored version 1 as version 3."))
            #expect(try await app.database.scoringModels.current().model == first)
        }
    }
}
