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
