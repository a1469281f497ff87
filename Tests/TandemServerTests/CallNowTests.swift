import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("One notion of call now")
struct CallNowTests {
    @Test("a burst of intent marks the MQL in the inbox, the list and its page; a lead in no inbox carries no badge")
    func onlyInboxLeads() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            try await app.createUser(TestApp.repEmail, role: .sales)
            try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            // The same burst from someone who does not fit: no MQL, so no inbox.
            let batch: JSONValue = [
                "batch": [
                    ["type": "identify", "userId": "stu", "traits": ["email": "stu@gmail.com", "title": "Student"]],
                    ["type": "page", "userId": "stu", "properties": ["url": "https://northwind.example/pricing"]],
                    ["type": "track", "userId": "stu", "event": "Demo Requested"],
                ]
            ]
            _ = try await client.execute(uri: "/v1/batch", method: .post, headers: app.basicAuth, body: ByteBuffer(json: batch))
            let kim = try #require(try await app.database.leads.find(email: "kim@bigco.example"))
            let stu = try #require(try await app.database.leads.find(email: "stu@gmail.com"))
            #expect(kim.stage == .mql && stu.stage != .mql)
            #expect(try await app.database.leadScores.score(leadId: stu.id, now: app.clock.now())?.callNow == true, "the burst is scored")

            var admin = try await Browser.signedIn("admin@example.com", on: client)
            let list = try await admin.get("/leads").html
            #expect(Browser.allMatches(#"(<span class="call-now">)"#, in: list).count == 1, "only the MQL")
            #expect(try await admin.get("/leads/\(kim.id)").html.contains(#"class="call-now""#))
            #expect(!(try await admin.get("/leads/\(stu.id)").html.contains(#"class="call-now""#)))
            #expect(try await admin.get("/inbox?call_now=1").html.contains("kim@bigco.example"))
        }
    }
}
