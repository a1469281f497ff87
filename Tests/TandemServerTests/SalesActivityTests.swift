import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Sales activities")
struct SalesActivityTests {
    func post(_ client: any TestClientProtocol, _ uri: String, key: HTTPFields, _ body: JSONValue) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: key, body: ByteBuffer(json: body))
    }

    @Test("a rep's key logs a call on their lead: it is listed, in the timeline, and it is the rep's first touch")
    func restLog() async throws {
        try await TestApp.run { app, client in
            try await app.createUser(TestApp.repEmail, role: .sales)
            try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            let lead = try #require(try await app.database.leads.find(email: "kim@bigco.example"))
            #expect(try await app.database.handOffs.latest(leadId: lead.id)?.firstTouchAt == nil)
            let at = app.clock.now() + 60
            app.clock.advance(by: 120)
            let created = try await post(
                client, "/api/v1/leads/\(lead.id)/activities", key: app.bearer(app.salesKey),
                [
                    "kind": "call", "outcome": "connected", "occurred_at": .string(Timestamp.format(at)), "duration_minutes": 15,
                    "subject": "Intro", "notes": "Budget approved in Q1",
                ])
            #expect(created.status == .created)
            #expect(try created.json["kind"] == "call" && created.json["outcome"] == "connected" && created.json["duration_minutes"] == 15)
            #expect(try created.json["actor"] == "api_key:rep")
            #expect(try await app.database.handOffs.latest(leadId: lead.id)?.firstTouchAt == at, "speed to lead runs to the call")

            let list = try await client.execute(uri: "/api/v1/leads/\(lead.id)/activities", method: .get, headers: app.bearer())
            #expect(try list.json["data"]?.arrayValue?.count == 1)
            let timeline = try await client.execute(uri: "/api/v1/leads/\(lead.id)/timeline", method: .get, headers: app.bearer())
            let entries = try timeline.json["data"]?.arrayValue ?? []
            #expect(entries.first?["kind"] == "activity" && entries.first?["activity"]?["notes"] == "Budget approved in Q1")
        }
    }

    @Test("bad activities are refused field by field; other reps' leads and marketing keys are refused; nothing is stored")
    func restRefusals() async throws {
        try await TestApp.run { app, client in
            let lead = try await app.createLead("kim@bigco.example")
            let mine = try await app.database.leads.create(
                LeadInput(email: try EmailAddress("lee@bigco.example"), fields: [.owner: TestApp.repEmail]), actor: .system,
                now: app.clock.now())
            let uri = "/api/v1/leads/\(mine.id)/activities"
            let bad = try await post(
                client, uri, key: app.bearer(app.salesKey),
                ["kind": "meeting", "outcome": "sent", "occurred_at": .string(Timestamp.format(app.clock.now() + 86400))])
            #expect(bad.status == .unprocessableContent)
            let fields = try bad.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
            #expect(fields == ["outcome", "occurred_at"])
            let badTime = try await post(client, uri, key: app.bearer(app.salesKey), ["kind": "note", "occurred_at": "yesterday"])
            #expect(badTime.status == .badRequest || badTime.status == .unprocessableContent)
            let other = try await post(
                client, "/api/v1/leads/\(lead.id)/activities", key: app.bearer(app.salesKey), ["kind": "note", "notes": "x"])
            #expect(other.status == .forbidden)
            let marketing = try await app.database.apiKeys.create(kind: .api, name: "mkt", role: "marketing", now: app.clock.now())
            let refused = try await post(client, uri, key: app.bearer(marketing.secret), ["kind": "note", "notes": "x"])
            #expect(refused.status == .forbidden)
            let missing = try await post(client, "/api/v1/leads/999999/activities", key: app.bearer(), ["kind": "note", "notes": "x"])
            #expect(missing.status == .notFound)
            #expect(try await app.database.salesActivities.list(leadId: mine.id).isEmpty)
            #expect(try await app.database.salesActivities.list(leadId: lead.id).isEmpty)
        }
    }

    @Test("the lead page logs an activity for its rep, names the lead, and shows it in the timeline; marketing has no form")
    func pageLog() async throws {
        try await TestApp.run { app, client in
            try await app.createUser(TestApp.repEmail, role: .sales, name: "Riley Rep")
            try await app.createUser("maya@example.com", role: .marketing)
            let lead = try await app.database.leads.create(
                LeadInput(email: try EmailAddress("lee@bigco.example"), fields: [.owner: TestApp.repEmail]), actor: .system,
                now: app.clock.now())
            var rep = try await Browser.signedIn(TestApp.repEmail, on: client)
            #expect(try await rep.get("/leads/\(lead.id)").html.contains("Log an activity"))
            let refused = try await rep.post(
                "/leads/\(lead.id)/activities", ["kind": "note", "outcome": "held", "notes": "", "occurred_at": "not a time"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains("a note has no outcome") && refused.html.contains("must be a date and time"))
            let logged = try await rep.post(
                "/leads/\(lead.id)/activities",
                [
                    "kind": "meeting", "outcome": "held", "occurred_at": Display.localInput(app.clock.now() - 3600),
                    "duration_minutes": "30",
                    "subject": "Discovery <b>call</b>", "notes": "Wants SSO",
                ])
            #expect(logged.status == .seeOther)
            let page = try await rep.get(logged.headers[.location] ?? "").html
            #expect(page.contains("Meeting with lee@bigco.example logged."))
            #expect(page.contains("Meeting · Held") && page.contains("Discovery &lt;b&gt;call&lt;/b&gt; · 30 min · by Riley Rep"))
            #expect(page.contains("Wants SSO"))

            var marketing = try await Browser.signedIn("maya@example.com", on: client)
            #expect(!(try await marketing.get("/leads/\(lead.id)").html.contains("Log an activity")))
            #expect(try await marketing.post("/leads/\(lead.id)/activities", ["kind": "note", "notes": "x"]).status == .forbidden)
            #expect(try await app.database.salesActivities.list(leadId: lead.id).count == 1)
        }
    }
}
