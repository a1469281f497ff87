import Foundation
import Hummingbird
import HummingbirdTesting
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Each person's time zone")
struct PersonalTimeZoneTests {
    @Test("a person who chooses a zone reads every time in it; others keep the workspace's; an unknown zone is refused")
    func ownZone() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            try await app.createUser("maya@example.com", role: .marketing)
            let lead = try await app.createLead("kim@bigco.example")
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            let profile = try await maya.get("/profile").html
            #expect(profile.contains("zone (UTC)"))
            let saved = try await maya.post("/profile/time-zone", ["time_zone": "Asia/Tokyo"])
            #expect(saved.status == .ok && saved.html.contains("Saved: pages show you times in Asia/Tokyo."))
            #expect(saved.html.contains(#"<option value="Asia/Tokyo" selected>"#))
            let mine = try await maya.get("/leads/\(lead.id)").html
            let theirs = try await admin.get("/leads/\(lead.id)").html
            #expect(mine.contains("GMT+9") || mine.contains("JST"), "Maya reads Tokyo time")
            #expect(theirs.contains(" UTC") && !theirs.contains("GMT+9"), "the admin keeps the workspace's UTC")
            #expect(try await maya.post("/profile/time-zone", ["time_zone": "Mars/Olympus"]).status == .badRequest)
            _ = try await maya.post("/profile/time-zone", ["time_zone": ""])
            #expect(try await maya.get("/leads/\(lead.id)").html.contains(" UTC"))
            #expect(try await app.database.auditTrail.list().contains { $0.entry.action == "user.time_zone_changed" })
        }
    }
}
