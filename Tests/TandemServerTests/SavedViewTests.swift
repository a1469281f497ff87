import Foundation
import Hummingbird
import HummingbirdTesting
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Leads list: saved views")
struct SavedViewTests {
    @Test("a view is saved for its owner or shared with their team, opens the list as saved, and only its owner deletes it")
    func saveShareDelete() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("maya@example.com", role: .marketing)
            try await app.createUser("max@example.com", role: .marketing)
            try await app.createUser("ola@example.com", role: .marketing)
            for (email, team) in [("maya@example.com", "Growth"), ("max@example.com", "growth"), ("ola@example.com", "Brand")] {
                let user = try #require(try await app.database.users.list().first { $0.email == email })
                _ = try await app.database.users.update(
                    id: user.id, role: .marketing, team: team, disabled: false, by: .commandLine, now: app.clock.now())
            }
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            let list = try await maya.get("/leads?stage=mql&sort=score").html
            #expect(list.contains(#"name="query" value="stage=mql&amp;sort=score""#))
            let mine = try await maya.post("/leads/views", ["view_name": "My MQLs", "query": "stage=mql&sort=score"])
            #expect(mine.status == .seeOther)
            let opened = try #require(mine.headers[.location])
            #expect(opened.hasPrefix("/leads?stage=mql&sort=score&view="))
            #expect(try await maya.get(opened).html.contains("View saved"))
            _ = try await maya.post("/leads/views", ["view_name": "Team hot leads", "query": "sort=engagement", "share": "1"])
            #expect(try await maya.post("/leads/views", ["view_name": "Bad", "query": "stage=nowhere"]).status == .badRequest)
            #expect(try await maya.post("/leads/views", ["view_name": " ", "query": "sort=name"]).status == .badRequest)

            var max = try await Browser.signedIn("max@example.com", on: client)
            let theirs = try await max.get("/leads").html
            #expect(theirs.contains("Team hot leads") && theirs.contains("shared with Growth") && !theirs.contains("My MQLs"))
            var ola = try await Browser.signedIn("ola@example.com", on: client)
            #expect(!(try await ola.get("/leads").html.contains("Team hot leads")), "another team does not see it")

            let owner = try #require(try await app.database.users.list().first { $0.email == "maya@example.com" })
            let views = try await app.database.savedViews.list(for: owner)
            let shared = try #require(views.first { $0.name == "Team hot leads" })
            try await max.get("/leads")
            #expect(try await max.post("/leads/views/\(shared.id)/delete", [:]).status == .notFound, "only its owner deletes it")
            #expect(try await maya.post("/leads/views/\(shared.id)/delete", [:]).status == .seeOther)
            #expect(!(try await max.get("/leads").html.contains("Team hot leads")))
        }
    }
}
