import Foundation
import Hummingbird
import HummingbirdTesting
import TandemCore
import TandemDemo
import TandemStore
import Testing

@testable import TandemServer

@Suite("Web app: pages, roles, escaping and the audit log")
struct WebPagesTests {
    /// Three leads: two owned by the rep, one by someone else.
    private func seedLeads(_ app: TestApp) async throws -> [Lead] {
        let store = app.database.leads
        var leads: [Lead] = []
        for (email, owner, stage) in [
            ("ana@acme.com", TestApp.repEmail, LifecycleStage.mql), ("ben@acme.com", TestApp.repEmail, .lead),
            ("cat@globex.com", "other@example.com", .mql),
        ] {
            var input = LeadInput(email: try EmailAddress(email), stage: stage)
            try input.set(.owner, text: owner)
            try input.set(.firstName, text: String(email.prefix(3)).capitalized)
            leads.append(try await store.create(input, actor: .system, now: Date().timeIntervalSince1970))
        }
        return leads
    }

    @Test("each role sees its pages: sales is denied settings and other reps' leads")
    func roleChecks() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            try await app.createUser(TestApp.repEmail, role: .sales)
            try await app.createUser("mark@example.com", role: .marketing)
            let leads = try await seedLeads(app)

            var rep = try await Browser.signedIn(TestApp.repEmail, on: client)
            for path in ["/settings/users", "/settings/keys", "/settings", "/settings/audit"] {
                let denied = try await rep.get(path)
                #expect(denied.status == .forbidden, "\(path)")
                #expect(denied.html.contains("You are signed in as Sales"))
            }
            let list = try await rep.get("/leads")
            #expect(list.status == .ok)
            #expect(list.html.contains("ana@acme.com") && list.html.contains("ben@acme.com"))
            #expect(!list.html.contains("cat@globex.com"))
            #expect(try await rep.get("/leads/\(leads[0].id)").status == .ok)
            #expect(try await rep.get("/leads/\(leads[2].id)").status == .forbidden)
            #expect(try await rep.get("/").status == .ok)

            var marketer = try await Browser.signedIn("mark@example.com", on: client)
            #expect(try await marketer.get("/leads").html.contains("cat@globex.com"))
            #expect(try await marketer.get("/settings/users").status == .forbidden)

            var admin = try await Browser.signedIn("admin@example.com", on: client)
            for path in ["/settings/users", "/settings/keys", "/settings", "/settings/audit", "/accounts", "/leads/\(leads[2].id)"] {
                #expect(try await admin.get(path).status == .ok, "\(path)")
            }
            #expect(try await admin.get("/leads/999999").status == .notFound)
            let unknownPage = try await admin.get("/no-such-page")
            #expect(unknownPage.status == .notFound)
            #expect(unknownPage.headers[.contentType]?.hasPrefix("text/html") == true, "a browser is shown the not-found page")
            #expect(unknownPage.headers[.contentSecurityPolicy] != nil)
            #expect(String(buffer: unknownPage.body).contains("There is no page at /no-such-page"))
            // The same path asked by a client that wants no HTML, and a path under another group.
            let plain = try await client.execute(uri: "/no-such-page", method: .get, headers: [.accept: "application/json"])
            #expect(plain.status == .notFound && plain.headers[.contentType]?.hasPrefix("text/html") != true)
            let tracking = try await client.execute(uri: "/v1/no-such-call", method: .post)
            #expect(tracking.status == .notFound && tracking.headers[.contentType]?.hasPrefix("text/html") != true)
        }
    }

    @Test("the leads list filters by stage and search text, and pages")
    func leadListFilters() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            _ = try await seedLeads(app)
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            let mqls = try await admin.get("/leads?stage=mql")
            #expect(mqls.html.contains("ana@acme.com") && mqls.html.contains("cat@globex.com"))
            #expect(!mqls.html.contains("ben@acme.com"))
            #expect(mqls.html.contains("Showing 1–2 of 2 leads"))
            let search = try await admin.get("/leads?q=globex")
            #expect(search.html.contains("cat@globex.com") && !search.html.contains("ana@acme.com"))
            let wildcard = try await admin.get("/leads?q=%25")
            #expect(wildcard.html.contains("No leads match."))
            #expect(try await admin.get("/leads?stage=bogus").status == .badRequest)
            #expect(try await admin.get("/leads?page=0").status == .badRequest)
        }
    }

    @Test("script in a lead's name is shown as text on every page")
    func htmlIsEscaped() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            var input = LeadInput(email: try EmailAddress("x@evil.com"))
            try input.set(.firstName, text: "<script>alert(1)</script>")
            try input.set(.company, text: "\"><img src=x onerror=alert(2)>")
            let lead = try await app.database.leads.create(input, actor: .system, now: Date().timeIntervalSince1970)
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            for path in ["/leads", "/leads/\(lead.id)"] {
                let html = try await admin.get(path).html
                #expect(!html.contains("<script>alert(1)"), "\(path)")
                #expect(!html.contains("<img src=x"), "\(path)")
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path)")
            }
        }
    }

    @Test("a form with an invalid field shows the error beside it, keeps the input, and saves nothing")
    func invalidFormField() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            try await admin.get("/settings/users")
            let bad = try await admin.post(
                "/settings/users",
                ["name": "New Rep", "email": "not-an-email", "role": "sales", "team": "EMEA", "password": "long enough pw"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.html.contains(#"id="new-email-error""#))
            #expect(bad.html.contains("is not a valid email address"))
            #expect(bad.html.contains(#"value="New Rep""#))
            #expect(bad.html.contains(#"value="EMEA""#))
            #expect(try await app.database.users.count() == 1)

            let lead = try await app.createLead("lead@acme.com")
            try await admin.get("/leads/\(lead.id)")
            let badLead = try await admin.post("/leads/\(lead.id)", ["email": "broken@", "first_name": "Zed", "company_size": "lots"])
            #expect(badLead.status == .unprocessableContent)
            #expect(badLead.html.contains(#"id="f-email-error""#))
            #expect(badLead.html.contains(#"id="f-company_size-error""#))
            #expect(badLead.html.contains(#"value="Zed""#))
            #expect(try await app.database.leads.get(id: lead.id)?.firstName == nil)

            let rejection = try await admin.post("/leads/\(lead.id)/stage", ["stage": "recycled", "reason": ""])
            #expect(rejection.status == .seeOther)
            let mql = try await app.database.leads.create(
                LeadInput(email: try EmailAddress("mql@acme.com"), stage: .mql), actor: .system, now: app.clock.now())
            let noCode = try await admin.post("/leads/\(mql.id)/stage", ["stage": "disqualified", "reason": "spam"])
            #expect(noCode.status == .unprocessableContent && noCode.html.contains(#"id="reason_code-error""#))
            let badCode = try await admin.post("/leads/\(mql.id)/stage", ["stage": "disqualified", "reason_code": "spam"])
            #expect(badCode.status == .unprocessableContent && badCode.html.contains("is not one of not_a_fit"))
            let coded = try await admin.post(
                "/leads/\(mql.id)/stage", ["stage": "disqualified", "reason_code": "duplicate", "reason": "see 12"])
            #expect(coded.status == .seeOther)
            #expect(try await app.database.leads.stageChanges(leadId: mql.id).first?.reason == "duplicate: see 12")
            let reopen = try await admin.post("/leads/\(lead.id)/stage", ["stage": "lead", "reason": ""])
            #expect(reopen.status == .unprocessableContent)
            #expect(reopen.html.contains(#"id="stage-error""#))
        }
    }

    @Test("the audit log records users, keys, settings and stage changes, with who made them")
    func auditLog() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            let lead = try await app.createLead("lead@acme.com")
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            try await admin.get("/settings/keys")
            let key = try await admin.post("/settings/keys", ["key_name": "Website", "kind": "write"])
            #expect(key.status == .ok)
            let secret = try #require(Browser.firstMatch(#"id="new-secret">(tdw_[A-Za-z0-9]+)<"#, in: key.html))
            #expect(try await app.database.apiKeys.find(secret: secret, kind: .write) != nil)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings", ["workspace_name": "Acme Inc", "time_zone": "Europe/Paris"]).status == .seeOther)
            #expect(try await admin.post("/settings", ["workspace_name": "", "time_zone": "Mars/Olympus"]).status == .unprocessableContent)
            try await admin.get("/leads/\(lead.id)")
            #expect(try await admin.post("/leads/\(lead.id)/stage", ["stage": "mql"]).status == .seeOther)

            let actions = try await app.database.auditTrail.list().map(\.entry.action)
            for action in ["user.created", "user.signed_in", "key.created", "setting.changed", "lead.stage_changed"] {
                #expect(actions.contains(action), "\(action)")
            }
            let page = try await admin.get("/settings/audit")
            #expect(page.html.contains("user:admin@example.com"))
            #expect(page.html.contains("moved the lead from Lead to MQL"))
            #expect(page.html.contains("workspace_name: &#39;Tandem&#39; → &#39;Acme Inc&#39;"))
            #expect(try await admin.get("/").html.contains("Acme Inc"))
        }
    }

    @Test("a running re-scoring shows its progress from a poll, not by reloading the page and what is typed in it")
    func rescoringProgress() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            _ = try await app.createLead("ada@acme.com")
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            #expect(try await admin.get("/scoring/progress").status == .noContent)
            _ = try await app.database.scoreJobs.enqueueRebuild(now: app.clock.now())
            let page = try await admin.get("/scoring").html
            #expect(page.contains(#"data-progress="/scoring/progress""#))
            #expect(!page.contains("http-equiv"))
            let running = try await admin.get("/scoring/progress")
            #expect(running.status == .ok)
            #expect(try running.json["running"] == true && running.json["total"] == 1)
            try await app.database.scoreJobs.runNext(clock: app.clock)
            let done = try await admin.get("/scoring/progress")
            #expect(try done.json["running"] == false && done.json["percent"] == 100 && done.json["status"] == "done")
            #expect(!(try await admin.get("/scoring").html.contains("data-progress")))
        }
    }

    @Test("saving a lead and moving its stage are confirmed with the lead's name")
    func leadConfirmations() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            let lead = try await app.createLead("ada@acme.com")
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            try await admin.get("/leads/\(lead.id)")
            let saved = try await admin.post("/leads/\(lead.id)", ["email": "ada@acme.com", "first_name": "Ada", "last_name": "Byron"])
            #expect(saved.status == .seeOther)
            #expect(try await admin.get("/leads/\(lead.id)?saved=1").html.contains("Ada Byron&#39;s profile is saved."))
            #expect(try await admin.post("/leads/\(lead.id)/stage", ["stage": "mql"]).status == .seeOther)
            #expect(try await admin.get("/leads/\(lead.id)?moved=1").html.contains("Ada Byron moved to MQL."))
        }
    }

    @Test("pages show times in the workspace's time zone, chosen from a list")
    func timeZone() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            let before = try await admin.get("/settings/audit").html
            #expect(before.contains(" UTC</td>"))
            let form = try await admin.get("/settings").html
            #expect(form.contains(#"<option value="Asia/Tokyo">Asia/Tokyo</option>"#))
            #expect(try await admin.post("/settings", ["workspace_name": "Acme", "time_zone": "Asia/Tokyo"]).status == .seeOther)
            #expect(try await admin.get("/settings?saved=1").html.contains("Saved: pages show times in Asia/Tokyo."))
            let after = try await admin.get("/settings/audit").html
            let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
            let stamp = try #require(try await app.database.auditTrail.list(limit: 1).first?.at)
            let expected = Display.$zone.withValue(tokyo) { Display.dateTime(stamp) }
            #expect(after.contains(expected), "\(expected)")
            #expect(!expected.hasSuffix("UTC"))
            #expect(!after.contains(" UTC</td>"))
        }
    }

    @Test("a sales key is made only for an active sales rep; anyone else is refused beside the field")
    func salesKeyForARep() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            try await app.createUser(TestApp.repEmail, role: .sales)
            try await app.createUser("maya@example.com", role: .marketing)
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            try await admin.get("/settings/keys")
            for owner in ["ghost@example.com", "maya@example.com"] {
                let refused = try await admin.post("/settings/keys", ["key_name": "CRM", "kind": "api", "role": "sales", "owner": owner])
                #expect(refused.status == .unprocessableContent, "\(owner)")
                #expect(refused.html.contains(#"id="key-owner-error""#) && refused.html.contains("no active sales rep has the email"))
            }
            let before = try await app.database.apiKeys.list().count
            let made = try await admin.post(
                "/settings/keys", ["key_name": "CRM", "kind": "api", "role": "sales", "owner": "REP@example.com"])
            #expect(made.status == .ok)
            #expect(try await app.database.apiKeys.list().count == before + 1)
        }
    }

    @Test("the audit log filters by who, by kind and by date, keeps its filters when paging, and refuses an unknown kind")
    func auditLogFilters() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            try await admin.get("/settings/keys")
            #expect(try await admin.post("/settings/keys", ["key_name": "Website", "kind": "write"]).status == .ok)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings", ["workspace_name": "Acme Inc", "time_zone": "UTC"]).status == .seeOther)
            func actions(_ path: String) async throws -> Set<String> {
                let html = try await admin.get(path).html
                return Set(Browser.allMatches(#"<code>([a-z_]+\.[a-z_]+)</code>"#, in: html))
            }
            #expect(try await actions("/settings/audit").isSuperset(of: ["key.created", "setting.changed", "user.signed_in"]))
            #expect(try await actions("/settings/audit?area=key") == ["key.created"])
            #expect(try await actions("/settings/audit?area=setting") == ["setting.changed"])
            // The admin and the test's keys were made from the command line.
            #expect(try await actions("/settings/audit?actor=cli") == ["user.created", "key.created"])
            #expect(
                try await actions("/settings/audit?actor=user:admin@example.com") == ["key.created", "setting.changed", "user.signed_in"])
            #expect(try await actions("/settings/audit?from=2999-01-01").isEmpty)
            #expect(try await admin.get("/settings/audit?from=2999-01-01").html.contains("No entry matches."))
            for index in 0..<60 {
                try await app.database.auditTrail.append(
                    AuditEntry(actor: "api_key:bulk", action: "key.revoked", subjectType: "key", subjectId: "\(index)", summary: "bulk"),
                    now: Date().timeIntervalSince1970)
            }
            let first = try await admin.get("/settings/audit?actor=api_key:bulk&area=key").html
            let older = try #require(Browser.firstMatch(#"<a href="([^"]+)">Older entries"#, in: first))
            #expect(older.contains("actor=api_key:bulk") && older.contains("area=key") && older.contains("before="))
            let rest = try await admin.get(older.replacingOccurrences(of: "&amp;", with: "&")).html
            #expect(Browser.allMatches(#"<code>([a-z_]+\.[a-z_]+)</code>"#, in: rest) == Array(repeating: "key.revoked", count: 10))
            #expect(try await admin.get("/settings/audit?area=payroll").status == .badRequest)
            #expect(try await admin.get("/settings/audit?from=yesterday").status == .badRequest)
        }
    }

    @Test("the REST API applies the same rules: a sales key sees its rep's leads only")
    func restAPIScopes() async throws {
        try await TestApp.run { app, client in
            let leads = try await seedLeads(app)
            let list = try await client.execute(uri: "/api/v1/leads", method: .get, headers: app.bearer(app.salesKey))
            let emails = try list.json["data"]?.arrayValue?.compactMap { $0["email"]?.stringValue } ?? []
            #expect(Set(emails) == ["ana@acme.com", "ben@acme.com"])
            let other = try await client.execute(uri: "/api/v1/leads/\(leads[2].id)", method: .get, headers: app.bearer(app.salesKey))
            #expect(other.status == .forbidden)
            let patch = try await client.execute(
                uri: "/api/v1/leads/\(leads[0].id)", method: .patch, headers: app.bearer(app.salesKey),
                body: ByteBuffer(json: ["owner": "someone@example.com"]))
            #expect(patch.status == .forbidden)
            let created = try await client.execute(
                uri: "/api/v1/leads", method: .post, headers: app.bearer(app.salesKey), body: ByteBuffer(json: ["email": "new@acme.com"]))
            #expect(created.status == .created)
            #expect(try created.json["owner"] == .string(TestApp.repEmail))
            let events = try await client.execute(uri: "/api/v1/events", method: .get, headers: app.bearer(app.salesKey))
            #expect(events.status == .forbidden)
            let all = try await client.execute(uri: "/api/v1/leads", method: .get, headers: app.bearer())
            #expect(try all.json["data"]?.arrayValue?.count == 4)
        }
    }

    @Test("the lead timeline pages back through older activity")
    func timelinePaging() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            var messages: [JSONValue] = [
                ["type": "identify", "userId": "u1", "traits": ["email": "busy@acme.com"], "timestamp": "2026-01-01T00:00:00Z"]
            ]
            for index in 0..<130 {
                let minute = String(format: "%02d", index % 60)
                let hour = String(format: "%02d", index / 60 + 1)
                messages.append([
                    "type": "track", "userId": "u1", "event": .string("Step \(index)"),
                    "timestamp": .string("2026-01-01T\(hour):\(minute):00Z"),
                ])
            }
            let sent = try await client.execute(
                uri: "/v1/batch", method: .post, headers: app.basicAuth, body: ByteBuffer(json: ["batch": .array(messages)]))
            #expect(sent.status == .ok)
            let lead = try #require(try await app.database.leads.find(email: "busy@acme.com"))
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            let first = try await admin.get("/leads/\(lead.id)")
            #expect(first.html.components(separatedBy: "<li class=\"entry ").count - 1 == 100)
            #expect(first.html.contains("Step 129"))
            let older = try #require(Browser.firstMatch(#"href="([^"]+)" rel="next">Older activity"#, in: first.html))
            let second = try await admin.get(older.replacingOccurrences(of: "&amp;", with: "&").components(separatedBy: "#")[0])
            let entries = second.html.components(separatedBy: "<li class=\"entry ").count - 1
            #expect(entries >= 31)
            #expect(second.html.contains("Step 0<"))
            #expect(!second.html.contains("Step 129"))
            #expect(try await admin.get("/leads/\(lead.id)?before=soon").status == .badRequest)
        }
    }

    @Test("a person changes their own password with the current one; other sessions end")
    func changeOwnPassword() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("me@example.com", role: .sales)
            var laptop = try await Browser.signedIn("me@example.com", on: client)
            var phone = try await Browser.signedIn("me@example.com", on: client)
            try await laptop.get("/profile")
            let wrong = try await laptop.post(
                "/profile/password",
                ["current_password": "nope nope nope", "password": "a brand new password", "password_confirmation": "a brand new password"])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.html.contains("the current password is wrong"))
            let changed = try await laptop.post(
                "/profile/password",
                [
                    "current_password": "correct horse battery", "password": "a brand new password",
                    "password_confirmation": "a brand new password",
                ])
            #expect(changed.status == .ok)
            #expect(changed.html.contains("Your password is changed"))
            #expect(try await laptop.get("/").status == .ok)
            #expect(try await phone.get("/").status == .seeOther)
            var again = try await Browser.signedIn("me@example.com", password: "a brand new password", on: client)
        }
    }

    @Test("a lead's buyer interviews show on its page")
    func interviewsOnLeadPage() async throws {
        try await TestApp.run { app, client in
            var generator = DemoGenerator(seed: 3, until: 1_790_000_000)
            generator.leadCount = 400
            generator.accountCount = 60
            let seed = generator.generate(passwordHash: "unused")
            try await app.database.bulkLoader.load(seed, now: Date().timeIntervalSince1970)
            try await app.createUser("admin@example.com", role: .admin)
            let interview = try #require(seed.interviews.first)
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            let page = try await admin.get("/leads/\(try #require(interview.leadId))")
            #expect(page.html.contains("Buyer interviews"))
            #expect(page.html.contains(interview.tags[0]))
        }
    }

    @Test("an admin sets a new password for a user; the user's sessions end and the new password works")
    func adminSetsPassword() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("admin@example.com", role: .admin)
            let rep = try await app.createUser("rep2@example.com", role: .sales)
            var repBrowser = try await Browser.signedIn("rep2@example.com", on: client)
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            try await admin.get("/settings/users/\(rep.id)/password")
            let short = try await admin.post("/settings/users/\(rep.id)/password", ["password": "short"])
            #expect(short.status == .unprocessableContent)
            #expect(short.html.contains(#"id="password-error""#))
            let set = try await admin.post("/settings/users/\(rep.id)/password", ["password": "a fresh start here"])
            #expect(set.status == .ok)
            #expect(try await repBrowser.get("/").status == .seeOther)
            var again = try await Browser.signedIn("rep2@example.com", password: "a fresh start here", on: client)
            #expect(try await repBrowser.get("/settings/users/\(rep.id)/password").status == .seeOther)
            let audit = try await app.database.auditTrail.list().map(\.entry.action)
            #expect(audit.contains("user.password_changed"))
        }
    }
}
