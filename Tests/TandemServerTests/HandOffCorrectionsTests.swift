import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Hand-off corrections: reassign by an admin, undo of an answer")
struct HandOffCorrectionsTests {
    @Test("an admin reassigns a waiting MQL: the new rep owns it with a fresh SLA and may answer; the old rep is told")
    func reassign() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            try await app.createUser(TestApp.repEmail, role: .sales)
            let other = try await app.createUser("sam@example.com", role: .sales, name: "Sam Seller")
            try await app.createUser("maya@example.com", role: .marketing)
            try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            let lead = try #require(try await app.database.leads.find(email: "kim@bigco.example"))
            #expect(lead.owner == TestApp.repEmail)

            var maya = try await Browser.signedIn("maya@example.com", on: client)
            #expect(!(try await maya.get("/inbox").html.contains("Reassign to")))
            #expect(try await maya.post("/inbox/\(lead.id)/reassign", ["owner": "sam@example.com"]).status == .forbidden)

            var admin = try await Browser.signedIn("admin@example.com", on: client)
            #expect(try await admin.get("/inbox").html.contains("Reassign to"))
            #expect(try await admin.post("/inbox/\(lead.id)/reassign", ["owner": "maya@example.com"]).status == .badRequest)
            let moved = try await admin.post("/inbox/\(lead.id)/reassign", ["owner": "sam@example.com"])
            #expect(moved.status == .seeOther)
            #expect(try await admin.get(moved.headers[.location] ?? "").html.contains("reassigned to Sam Seller, who is told."))
            let handOff = try #require(try await app.database.handOffs.latest(leadId: lead.id))
            #expect(handOff.owner == "sam@example.com" && handOff.status == .open && handOff.assignedAt == app.clock.now())
            #expect(try await app.database.leads.get(id: lead.id)?.owner == "sam@example.com")
            #expect(
                try await app.database.notifications.list(recipient: TestApp.repEmail).contains {
                    $0.message.contains("by admin@example.com")
                })
            #expect(try await admin.post("/inbox/\(lead.id)/reassign", ["owner": "sam@example.com"]).status == .conflict)
            await #expect(throws: HandOffError.self) {
                try await app.database.handOffs.accept(leadId: lead.id, by: TestApp.repEmail, now: app.clock.now())
            }
            _ = try await app.database.handOffs.accept(leadId: lead.id, by: other.email, now: app.clock.now())
        }
    }

    @Test("a sales team lead moves their team's hand-offs between its reps, and no one else's")
    func teamLead() async throws {
        try await TestApp.run { app, client in
            let admin = try await app.createUser("admin@example.com", role: .admin)
            let rep = try await app.createUser(TestApp.repEmail, role: .sales)
            try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            let lead = try #require(try await app.database.leads.find(email: "kim@bigco.example"))
            #expect(lead.owner == TestApp.repEmail)
            let lea = try await app.createUser("lea@example.com", role: .sales, name: "Lea Lead")
            let ursula = try await app.createUser("ursula@example.com", role: .sales, name: "Ursula US")
            for (user, team) in [(rep, "EMEA"), (lea, "EMEA"), (ursula, "US")] {
                _ = try await app.database.users.update(
                    id: user.id, role: .sales, team: team, disabled: false, by: .commandLine, now: app.clock.now())
            }

            var leader = try await Browser.signedIn(lea.email, on: client)
            #expect(try await leader.post("/inbox/\(lead.id)/reassign", ["owner": lea.email]).status == .forbidden)
            #expect(try await leader.get("/inbox?team=EMEA").status == .forbidden, "not a team lead yet")

            // An admin makes Lea the team lead on the users page.
            var settings = try await Browser.signedIn(admin.email, on: client)
            try await settings.get("/settings/users")
            let saved = try await settings.post(
                "/settings/users/\(lea.id)", ["role": "sales", "team": "EMEA", "team_lead": "on"])
            #expect(saved.status == .ok)
            #expect(try await app.database.users.get(id: lea.id)?.teamLead == true)
            #expect(try await app.database.auditTrail.list(limit: 5).contains { $0.entry.summary.contains("now leads their team") })

            try await leader.get("/inbox")
            #expect(try await leader.get("/inbox").html.contains("/inbox?team=EMEA"), "the inbox links to the team's queue")
            let team = try await leader.get("/inbox?team=EMEA")
            #expect(team.status == .ok)
            let html = team.html
            #expect(html.contains("kim@bigco.example") && html.contains("/inbox/\(lead.id)/reassign"))
            #expect(!html.contains("href=\"/leads/\(lead.id)\""), "a teammate's card, not the teammate's lead")
            #expect(!html.contains("value=\"ursula@example.com\""), "only the team's reps are offered")
            #expect(try await leader.get("/inbox?team=US").status == .forbidden)
            #expect(!html.contains(">Clear</a>"), "the team is the queue, not a filter")
            #expect(try await leader.get("/inbox?team=EMEA&overdue=1").html.contains("href=\"/inbox?team=EMEA\">Clear</a>"))

            #expect(try await leader.post("/inbox/\(lead.id)/reassign", ["owner": ursula.email]).status == .forbidden)
            let taken = try await leader.post("/inbox/\(lead.id)/reassign", ["owner": lea.email])
            #expect(taken.status == .seeOther)
            #expect(try await app.database.handOffs.latest(leadId: lead.id)?.owner == lea.email)
            #expect(
                try await leader.get("/leads/\(lead.id)").html.contains("value=\"\(TestApp.repEmail)\""),
                "the lead page offers the team's reps")

            // Out of the team, out of reach: the owner is checked where the hand-off moves.
            _ = try await app.database.handOffs.reassign(leadId: lead.id, to: ursula.email, by: admin.email, now: app.clock.now())
            #expect(try await leader.post("/inbox/\(lead.id)/reassign", ["owner": lea.email]).status == .forbidden)
            #expect(try await app.database.handOffs.latest(leadId: lead.id)?.owner == ursula.email)

            var plain = try await Browser.signedIn(rep.email, on: client)
            #expect(try await plain.post("/inbox/\(lead.id)/reassign", ["owner": rep.email]).status == .forbidden)
            #expect(!(try await plain.get("/inbox").html.contains("Reassign to")))
        }
    }

    @Test("a rep undoes an answer within ten minutes: the lead is an MQL waiting for them again; later, or after a change, not")
    func undo() async throws {
        try await TestApp.run { app, client in
            try await app.createUser(TestApp.repEmail, role: .sales)
            try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            let lead = try #require(try await app.database.leads.find(email: "kim@bigco.example"))
            var rep = try await Browser.signedIn(TestApp.repEmail, on: client)
            try await rep.get("/inbox")
            let accepted = try await rep.post("/inbox/\(lead.id)/accept", [:])
            let notice = try await rep.get(accepted.headers[.location] ?? "").html
            #expect(notice.contains("accepted: now a SAL") && notice.contains("/inbox/\(lead.id)/undo"))
            app.clock.advance(by: 60)
            let undone = try await rep.post("/inbox/\(lead.id)/undo", [:])
            #expect(undone.status == .seeOther)
            #expect(try await rep.get(undone.headers[.location] ?? "").html.contains("Your answer is undone"))
            #expect(try await app.database.leads.get(id: lead.id)?.stage == .mql)
            let reopened = try #require(try await app.database.handOffs.latest(leadId: lead.id))
            #expect(reopened.status == .open && reopened.respondedAt == nil && reopened.firstTouchAt == nil)
            let history = try await app.database.leads.stageChanges(leadId: lead.id).map { "\($0.from?.rawValue ?? "-")>\($0.to.rawValue)" }
            #expect(history.prefix(2) == ["sal>mql", "mql>sal"], "the answer and its undoing both stay in the history")
            #expect(try await rep.post("/inbox/\(lead.id)/undo", [:]).status == .conflict, "nothing left to undo")

            _ = try await app.database.handOffs.reject(
                leadId: lead.id, reason: .notReadyYet, comment: nil, by: TestApp.repEmail, now: app.clock.now())
            app.clock.advance(by: HandOffStore.undoWindow + 1)
            #expect(try await rep.post("/inbox/\(lead.id)/undo", [:]).status == .conflict, "too late")
            #expect(try await app.database.leads.get(id: lead.id)?.stage == .recycled)
        }
    }
}
