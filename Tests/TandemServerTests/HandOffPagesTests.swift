import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Inbox, scoring and hand-off pages")
struct HandOffPagesTests {
    @Test("a rep sees the MQL in the inbox; a reject without a reason is refused; accepting moves it to SAL")
    func inboxPage() async throws {
        try await TestApp.run { app, client in
            try await app.createUser(TestApp.repEmail, role: .sales)
            try await app.createUser("maya@example.com", role: .marketing)
            try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            let lead = try #require(try await app.database.leads.find(email: "kim@bigco.example"))

            var rep = try await Browser.signedIn(TestApp.repEmail, on: client)
            let page = try await rep.get("/inbox")
            let html = String(buffer: page.body)
            #expect(page.status == .ok)
            #expect(html.contains("kim@bigco.example"))
            #expect(html.contains("Call now"))
            #expect(html.contains("4 h 0 min left"))
            // The card's explanation loads when opened, from the lead's score fragment.
            #expect(html.contains("data-load=\"/leads/\(lead.id)/score\""))
            let explained = try await rep.get("/leads/\(lead.id)/score")
            #expect(explained.status == .ok)
            #expect(String(buffer: explained.body).contains("Requested a demo"), "the score explanation lists the award")
            #expect(!String(buffer: explained.body).contains("<html"), "a fragment, without the layout")
            #expect(html.contains("New MQL for you") || html.contains("Call now: kim@bigco.example"), "the notification is shown")

            let refused = try await rep.post("/inbox/\(lead.id)/reject", ["reason": "", "comment": "not sure"])
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("Choose why you reject this lead."))
            #expect(try await app.database.leads.get(id: lead.id)?.stage == .mql)

            var marketer = try await Browser.signedIn("maya@example.com", on: client)
            let shared = String(buffer: try await marketer.get("/inbox").body)
            #expect(shared.contains("Open hand-offs") && shared.contains("kim@bigco.example"))
            #expect(!shared.contains("/inbox/\(lead.id)/accept"), "marketing reads, only the rep answers")
            let denied = try await marketer.post("/inbox/\(lead.id)/accept", [:])
            #expect(denied.status == .forbidden)
            try await app.createUser("sam@example.com", role: .sales)
            var other = try await Browser.signedIn("sam@example.com", on: client)
            #expect(try await other.get("/leads/\(lead.id)/score").status == .forbidden, "a rep reads only their own leads' scores")

            try await rep.get("/inbox")
            let accepted = try await rep.post("/inbox/\(lead.id)/accept", [:])
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[.location] == "/inbox?done=accepted&lead=\(lead.id)")
            #expect(try await app.database.leads.get(id: lead.id)?.stage == .sal)
            let leadPage = String(buffer: try await rep.get("/leads/\(lead.id)").body)
            #expect(leadPage.contains("accepted") && leadPage.contains("Speed to lead"))
        }
    }

    @Test("the scoring page shows the rules to everyone; an invalid edit lists each problem and saves nothing")
    func scoringPage() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            try await app.createUser(TestApp.repEmail, role: .sales)
            var rep = try await Browser.signedIn(TestApp.repEmail, on: client)
            let readOnly = String(buffer: try await rep.get("/scoring").body)
            #expect(readOnly.contains("Requested a demo") && readOnly.contains("Free-mail address"))
            #expect(!readOnly.contains("name=\"document\""), "sales reads the model, does not edit it")
            #expect(try await rep.post("/scoring", ["document": "half_life_days: 3"]).status == .forbidden)

            var admin = try await Browser.signedIn("admin@example.com", on: client)
            try await admin.get("/scoring")
            let bad = try await admin.post(
                "/scoring", ["document": "fit_rules:\n  - id: x\n    points: 5\n    when: [{field: title, op: matches, value: \"[\"}]\n"])
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("fit_rules[0].when[0].value"))
            #expect(try await app.database.scoringModels.current().version == 0)

            let document = ModelDocumentFormat.yaml.write(ScoringModel.standard.document)
            let previewed = try await admin.post("/scoring", ["document": document, "action": "preview"])
            let digest = try #require(ScoringPagesTests.hidden("previewed", in: previewed.html))
            let good = try await admin.post("/scoring", ["document": document, "previewed": digest])
            #expect(good.status == .seeOther)
            #expect(good.headers[.location] == "/scoring?saved=1")
            let after = String(buffer: try await admin.get("/scoring?saved=1").body)
            #expect(after.contains("Saved version 1") && after.contains("rescore-progress"))
        }
    }

    @Test("hand-off settings validate every field; webhooks refuse a URL that is not http(s)")
    func settingsPages() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            try await app.createUser(TestApp.repEmail, role: .sales)
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            try await admin.get("/settings/handoff")
            let bad = try await admin.post(
                "/settings/handoff",
                [
                    "sla_hours": "0", "reassign_after_hours": "", "opens_at": "9am", "closes_at": "17:00",
                    "territories": "- id: t\n  reps: []\n",
                ])
            let html = String(buffer: bad.body)
            #expect(bad.status == .unprocessableContent)
            #expect(html.contains("enter working hours between 0.25 and 200"))
            #expect(html.contains("enter a time such as 09:00"))
            #expect(html.contains("choose at least one working day"))
            #expect(html.contains("territories[0].reps: a territory needs a rep"))

            let good = try await admin.post(
                "/settings/handoff",
                [
                    "sla_hours": "2", "reassign_after_hours": "6", "opens_at": "08:30", "closes_at": "18:00", "day_2": "on", "day_3": "on",
                    "territories":
                        "- id: dach\n  name: DACH\n  when: [{field: country, op: in, value: [Germany]}]\n  reps: [\(TestApp.repEmail)]\n",
                ])
            #expect(good.status == .seeOther)
            let saved = try await app.database.handOffSettings.load().handOff
            #expect(saved.slaHours == 2 && saved.reassignAfterHours == 6 && saved.workdays == [2, 3] && saved.opensAt == 510)
            #expect(saved.territories.first?.reps == [TestApp.repEmail])

            try await admin.get("/settings/webhooks")
            let refused = try await admin.post("/settings/webhooks", ["url": "ftp://x.example/hook", "lead.mql": "on"])
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("is not an http:// or https:// URL"))
            #expect(try await app.database.webhooks.list().isEmpty)
            let created = try await admin.post(
                "/settings/webhooks", ["url": "https://hooks.example/t", "lead.mql": "on", "format": "slack"])
            #expect(created.status == .created)
            #expect(String(buffer: created.body).contains("whsec_"))

            var rep = try await Browser.signedIn(TestApp.repEmail, on: client)
            #expect(try await rep.get("/settings/webhooks").status == .forbidden)
            #expect(try await rep.get("/settings/handoff").status == .forbidden)
        }
    }
}
