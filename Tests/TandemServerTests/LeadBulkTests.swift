import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Leads list: bulk actions and export")
struct LeadBulkTests {
    @Test("marketing assigns a selection to a rep, all together, and the list says so by name")
    func bulkAssign() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("maya@example.com", role: .marketing)
            let rep = try await app.createUser(TestApp.repEmail, role: .sales, name: "Riley Rep")
            let chosen = [try await app.createLead("a@x.example"), try await app.createLead("b@x.example")]
            let other = try await app.createLead("c@x.example")
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            #expect(try await maya.get("/leads").html.contains(#"form="bulk""#))
            let done = try await maya.post(
                "/leads/bulk",
                ["action": "assign", "owner": TestApp.repEmail, "return": "/leads?sort=name", "lead": "\(chosen[0].id)"],
                extra: [("lead", "\(chosen[1].id)")])
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/leads?sort=name&assigned=2&to=\(rep.id)")
            #expect(try await maya.get(done.headers[.location] ?? "").html.contains("2 leads assigned to Riley Rep."))
            for lead in chosen { #expect(try await app.database.leads.get(id: lead.id)?.owner == TestApp.repEmail) }
            #expect(try await app.database.leads.get(id: other.id)?.owner == nil)

            let notARep = try await maya.post("/leads/bulk", ["action": "assign", "owner": "maya@example.com", "lead": "\(other.id)"])
            #expect(notARep.status == .unprocessableContent && notARep.html.contains("is not an active sales rep"))
            let away = try await maya.post(
                "/leads/bulk", ["action": "assign", "owner": TestApp.repEmail, "return": "https://evil.example/"])
            #expect(away.headers[.location] == "/leads?bulk=none", "the way back stays on the list")
        }
    }

    @Test("a stage move changes every selected lead or none, and names each lead that cannot move")
    func bulkStage() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("maya@example.com", role: .marketing)
            let fresh = try await app.createLead("a@x.example")
            let mql = try await app.database.leads.create(
                LeadInput(email: try EmailAddress("b@x.example"), stage: .mql), actor: .system, now: app.clock.now())
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            try await maya.get("/leads")
            let refused = try await maya.post(
                "/leads/bulk", ["action": "stage", "stage": "disqualified", "lead": "\(fresh.id)"], extra: [("lead", "\(mql.id)")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains("b@x.example: taking a lead back out of MQL needs a reason code"))
            #expect(try await app.database.leads.get(id: fresh.id)?.stage == .lead, "nothing moved")
            let badCode = try await maya.post(
                "/leads/bulk", ["action": "stage", "stage": "disqualified", "reason_code": "because", "lead": "\(fresh.id)"])
            #expect(badCode.status == .unprocessableContent && badCode.html.contains("is not a reason code"))

            let moved = try await maya.post(
                "/leads/bulk",
                ["action": "stage", "stage": "disqualified", "reason_code": "duplicate", "comment": "same as 12", "lead": "\(fresh.id)"],
                extra: [("lead", "\(mql.id)")])
            #expect(moved.status == .seeOther)
            #expect(try await maya.get(moved.headers[.location] ?? "").html.contains("2 leads moved to Disqualified."))
            let change = try #require(try await app.database.leads.stageChanges(leadId: mql.id).first)
            #expect(change.to == .disqualified && change.reason == "duplicate: same as 12" && change.actor == "user:maya@example.com")
        }
    }

    @Test("export: the view as CSV for marketing, a selection too; sales may change its own leads but neither export nor assign")
    func exportAndRoles() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("maya@example.com", role: .marketing)
            try await app.createUser(TestApp.repEmail, role: .sales)
            for index in 0..<3 { _ = try await app.createLead("lead\(index)@x.example") }
            let mine = try await app.database.leads.create(
                LeadInput(email: try EmailAddress("mine@x.example"), fields: [.owner: TestApp.repEmail]), actor: .system,
                now: app.clock.now())
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            let csv = try await maya.get("/leads/export.csv?q=lead")
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.html.split(whereSeparator: \.isNewline)
            #expect(lines.count == 4 && lines[0].hasPrefix("id,email"))
            try await maya.get("/leads")
            let selection = try await maya.post("/leads/bulk", ["action": "export", "lead": "\(mine.id)"])
            #expect(selection.html.split(whereSeparator: \.isNewline).count == 2 && selection.html.contains("mine@x.example"))

            var rep = try await Browser.signedIn(TestApp.repEmail, on: client)
            let list = try await rep.get("/leads").html
            #expect(list.contains(#"form="bulk""#) && !list.contains("Assign to an owner") && !list.contains("Export"))
            #expect(try await rep.get("/leads/export.csv").status == .forbidden)
            #expect(try await rep.post("/leads/bulk", ["action": "export", "lead": "\(mine.id)"]).status == .forbidden)
            #expect(
                try await rep.post("/leads/bulk", ["action": "assign", "owner": TestApp.repEmail, "lead": "\(mine.id)"]).status
                    == .forbidden)
            let others = try await app.database.leads.find(email: "lead0@x.example")
            let foreign = try await rep.post("/leads/bulk", ["action": "stage", "stage": "sal", "lead": "\(others?.id.rawValue ?? 0)"])
            #expect(foreign.status == .forbidden)
            let own = try await rep.post("/leads/bulk", ["action": "stage", "stage": "sal", "lead": "\(mine.id)"])
            #expect(own.status == .seeOther)
            #expect(try await app.database.leads.get(id: mine.id)?.stage == .sal)
        }
    }
}
