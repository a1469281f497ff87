import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Scoring, hand-off and the inbox over the API")
struct HandOffAPITests {
    /// Sends a ready lead through tracking: a VP at a mid-size software company who requests a demo.
    static func sendReadyLead(_ app: TestApp, _ client: any TestClientProtocol, email: String, userId: String) async throws {
        let batch: JSONValue = [
            "batch": [
                [
                    "type": "identify", "userId": .string(userId),
                    "traits": ["email": .string(email), "title": "VP Marketing", "company_size": 800, "industry": "Software"],
                ],
                ["type": "page", "userId": .string(userId), "properties": ["url": "https://northwind.example/pricing"]],
                ["type": "track", "userId": .string(userId), "event": "Demo Requested"],
            ]
        ]
        let response = try await client.execute(uri: "/v1/batch", method: .post, headers: app.basicAuth, body: ByteBuffer(json: batch))
        #expect(response.status == .ok)
    }

    @Test("the model reads as YAML and JSON; an invalid model is refused with every problem and changes nothing")
    func modelDocument() async throws {
        try await TestApp.run { app, client in
            let yaml = try await client.execute(uri: "/api/v1/scoring/model?format=yaml", method: .get, headers: app.bearer(app.salesKey))
            #expect(yaml.status == .ok)
            #expect(yaml.headers[.contentType]?.hasPrefix("application/yaml") == true)
            let text = String(buffer: yaml.body)
            #expect(text.contains("demo_request"))

            let invalid = """
                half_life_days: 30
                fit_rules:
                  - id: vp
                    points: 20
                    when:
                      - {field: title, op: matches, value: "(vp"}
                      - {field: salary, op: exists}
                engagement_rules:
                  - id: demo
                    points: ten
                """
            var headers = app.bearer()
            headers[.contentType] = "application/yaml"
            let refused = try await client.execute(
                uri: "/api/v1/scoring/model", method: .put, headers: headers, body: ByteBuffer(string: invalid))
            #expect(refused.status == .unprocessableContent)
            let fields = try refused.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
            #expect(Set(fields) == ["fit_rules[0].when[0].value", "fit_rules[0].when[1].field", "engagement_rules[0].points"])
            #expect(try await app.database.scoringModels.current().version == 0, "nothing was saved")

            let notYAML = try await client.execute(
                uri: "/api/v1/scoring/model", method: .put, headers: headers, body: ByteBuffer(string: "fit_rules: [ {id: x"))
            #expect(notYAML.status == .unprocessableContent)
            #expect(try notYAML.json["error"]?["message"]?.stringValue?.contains("not valid YAML") == true)

            let bySales = try await client.execute(
                uri: "/api/v1/scoring/model", method: .put, headers: app.bearer(app.salesKey), body: ByteBuffer(string: text))
            #expect(bySales.status == .forbidden)

            let changed = text.replacingOccurrences(of: "half_life_days: 30", with: "half_life_days: 14")
            let saved = try await client.execute(
                uri: "/api/v1/scoring/model", method: .put, headers: headers, body: ByteBuffer(string: changed))
            #expect(saved.status == .ok)
            #expect(try saved.json["version"] == 1)
            #expect(try saved.json["job"]?["status"] == "pending")
            let json = try await client.execute(uri: "/api/v1/scoring/model", method: .get, headers: app.bearer())
            #expect(try json.json["half_life_days"] == 14)
        }
    }

    @Test("a ready lead is handed off, explained, and answered only by its rep, only once")
    func inboxFlow() async throws {
        try await TestApp.run { app, client in
            try await app.createUser(TestApp.repEmail, role: .sales)
            try await Self.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            let lead = try #require(try await app.database.leads.find(email: "kim@bigco.example"))
            #expect(lead.stage == .mql)
            #expect(lead.owner == TestApp.repEmail)

            let score = try await client.execute(uri: "/api/v1/leads/\(lead.id)/score", method: .get, headers: app.bearer())
            #expect(try score.json["grade"] == "B1" || score.json["grade"] == "B2")
            let awards = try score.json["engagement"]?["awards"]?.arrayValue ?? []
            #expect(awards.compactMap { $0["rule"]?.stringValue }.sorted() == ["demo_request", "page_view", "pricing_page"])
            let fitRules = try score.json["fit"]?["rules"]?.arrayValue?.compactMap { $0["rule"]?.stringValue } ?? []
            #expect(fitRules.contains("vp") && fitRules.contains("mid_market"))

            let inbox = try await client.execute(uri: "/api/v1/inbox", method: .get, headers: app.bearer(app.salesKey))
            let items = try inbox.json["data"]?.arrayValue ?? []
            #expect(items.count == 1)
            #expect(items.first?["call_now"] == true, "a pricing view and a demo request within hours is a call-now burst")
            #expect(items.first?["seconds_left"] == .number(4 * 3600), "four working hours from Monday 10:00")

            let noReason = try await client.execute(
                uri: "/api/v1/leads/\(lead.id)/reject", method: .post, headers: app.bearer(app.salesKey),
                body: ByteBuffer(json: ["comment": "meh"]))
            #expect(noReason.status == .unprocessableContent)
            #expect(try noReason.json["error"]?["field"] == "reason")
            #expect(try await app.database.leads.get(id: lead.id)?.stage == .mql, "nothing changed")

            let otherRep = try await app.database.apiKeys.create(
                kind: .api, name: "other", role: "sales", ownerEmail: "other@example.com", now: Date().timeIntervalSince1970)
            let notYours = try await client.execute(
                uri: "/api/v1/leads/\(lead.id)/accept", method: .post, headers: app.bearer(otherRep.secret))
            #expect(notYours.status == .forbidden)
            #expect(try await app.database.leads.get(id: lead.id)?.stage == .mql)

            app.clock.advance(by: 1800)
            let accepted = try await client.execute(
                uri: "/api/v1/leads/\(lead.id)/accept", method: .post, headers: app.bearer(app.salesKey))
            #expect(accepted.status == .ok)
            #expect(try accepted.json["stage"] == "sal")
            let again = try await client.execute(uri: "/api/v1/leads/\(lead.id)/accept", method: .post, headers: app.bearer(app.salesKey))
            #expect(again.status == .conflict)

            let handOff = try await client.execute(uri: "/api/v1/leads/\(lead.id)/handoff", method: .get, headers: app.bearer())
            #expect(try handOff.json["status"] == "accepted")
            #expect(try handOff.json["speed_to_lead_seconds"] == 1800)
            let topics = try await app.database.outbox.events().map(\.topic.rawValue)
            #expect(topics == ["lead.mql", "lead.assigned", "lead.accepted"])
        }
    }

    @Test("rejecting as not ready recycles the lead; the SLA clock breaches, notifies and reassigns")
    func rejectAndSLA() async throws {
        try await TestApp.run { app, client in
            try await app.createUser(TestApp.repEmail, role: .sales)
            try await app.createUser("second@example.com", role: .sales)
            var settings = HandOffSettings()
            settings.reassignAfterHours = 8
            try await app.database.handOffSettings.save(settings, by: .commandLine, now: Date().timeIntervalSince1970)
            try await Self.sendReadyLead(app, client, email: "a@bigco.example", userId: "a")
            try await Self.sendReadyLead(app, client, email: "b@bigco.example", userId: "b")
            let leads = app.database.leads
            let first = try #require(try await leads.find(email: "a@bigco.example"))
            let second = try #require(try await leads.find(email: "b@bigco.example"))
            #expect(Set([first.owner, second.owner]) == [TestApp.repEmail, "second@example.com"], "round-robin")
            let mine = first.owner == TestApp.repEmail ? first : second
            let theirs = mine.id == first.id ? second : first

            let rejected = try await client.execute(
                uri: "/api/v1/leads/\(mine.id)/reject", method: .post, headers: app.bearer(app.salesKey),
                body: ByteBuffer(json: ["reason": "not_ready_yet", "comment": "budget opens in Q3"]))
            #expect(rejected.status == .ok)
            #expect(try rejected.json["stage"] == "recycled")
            let change = try #require(try await leads.stageChanges(leadId: mine.id).first)
            #expect(change.reason == "not_ready_yet: budget opens in Q3")

            // Monday 10:00 + 4 working hours = 14:00; at 15:00 the other lead is overdue.
            app.clock.advance(by: 5 * 3600)
            let report = try await app.database.slaMonitor.check(now: app.clock.now())
            #expect(report.breached == 1)
            let notes = try await app.database.notifications.list(recipient: theirs.owner!)
            #expect(notes.first?.kind.rawValue == "sla_breached")
            let topics = try await app.database.outbox.events().map(\.topic.rawValue)
            #expect(topics.suffix(3) == ["lead.rejected", "lead.recycled", "sla.breached"])

            // Eight working hours after Monday 10:00 is Tuesday 10:00: the lead moves to the other rep.
            app.clock.advance(by: 20 * 3600)
            let later = try await app.database.slaMonitor.check(now: app.clock.now())
            #expect(later.reassigned == 1)
            #expect(try await leads.get(id: theirs.id)?.owner == mine.owner)
            #expect(try await app.database.outbox.events().last?.topic.rawValue == "lead.assigned")
        }
    }
}
