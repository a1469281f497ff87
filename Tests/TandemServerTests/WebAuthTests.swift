import Foundation
import Hummingbird
import HummingbirdTesting
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Web app: set-up, sign-in, sessions and CSRF")
struct WebAuthTests {
    @Test("the first visitor creates the first admin, once; afterwards set-up is closed")
    func firstAdminSetup() async throws {
        try await TestApp.run { app, client in
            var browser = Browser(client)
            let signIn = try await browser.get("/sign-in")
            #expect(signIn.status == .seeOther)
            #expect(signIn.headers[.location] == "/setup")
            try await browser.get("/setup")
            let weak = try await browser.post(
                "/setup", ["name": "Ada", "email": "ada@example.com", "password": "short", "password_confirmation": "short"])
            #expect(weak.status == .unprocessableContent)
            #expect(weak.html.contains("the password needs at least 10 characters"))
            #expect(weak.html.contains(#"value="ada@example.com""#))
            let created = try await browser.post(
                "/setup",
                ["name": "Ada", "email": "ada@example.com", "password": "a long passphrase", "password_confirmation": "a long passphrase"])
            #expect(created.status == .seeOther)
            #expect(browser.cookies["tandem_session"] != nil)
            let users = try await app.database.users.list()
            #expect(users.map(\.email) == ["ada@example.com"])
            #expect(users.first?.role == .admin)

            var stranger = Browser(client)
            let closed = try await stranger.get("/setup")
            #expect(closed.status == .forbidden)
            let again = try await stranger.post(
                "/setup",
                ["name": "Eve", "email": "eve@example.com", "password": "a long passphrase", "password_confirmation": "a long passphrase"])
            #expect(again.status == .forbidden)
            #expect(try await app.database.users.count() == 1)
        }
    }

    @Test("a wrong password is refused with 401, the right one opens a HttpOnly SameSite session")
    func signInAndOut() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("ann@example.com", role: .marketing)
            var browser = Browser(client)
            try await browser.get("/sign-in")
            let wrong = try await browser.post("/sign-in", ["email": "ann@example.com", "password": "not the password"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.html.contains("The email or the password is wrong."))
            #expect(wrong.html.contains(#"value="ann@example.com""#))
            let unknown = try await browser.post("/sign-in", ["email": "nobody@example.com", "password": "whatever it is"])
            #expect(unknown.status == .unauthorized)

            let right = try await browser.post(
                "/sign-in", ["email": "ANN@example.com", "password": "correct horse battery", "next": "/leads"])
            #expect(right.status == .seeOther)
            #expect(right.headers[.location] == "/leads")
            let cookie = try #require(right.headers[values: .setCookie].first { $0.hasPrefix("tandem_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.html.contains("Sign out"))

            let out = try await browser.post("/sign-out", [:])
            #expect(out.status == .seeOther)
            let after = try await browser.get("/")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location]?.hasPrefix("/sign-in") == true)
        }
    }

    @Test("an outside redirect after sign-in is replaced by the dashboard")
    func openRedirectIsRefused() async throws {
        #expect(SignInController.safeNext("//evil.example/") == "/")
        #expect(SignInController.safeNext("https://evil.example/") == "/")
        #expect(SignInController.safeNext("/\\evil.example") == "/")
        #expect(SignInController.safeNext("/leads?stage=mql") == "/leads?stage=mql")
    }

    @Test("after five failures sign-in is throttled with 429, even with the right password")
    func throttling() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("bob@example.com", role: .sales)
            var browser = Browser(client)
            try await browser.get("/sign-in")
            for _ in 0..<5 {
                let wrong = try await browser.post("/sign-in", ["email": "bob@example.com", "password": "guess guess guess"])
                #expect(wrong.status == .unauthorized)
            }
            let locked = try await browser.post("/sign-in", ["email": "bob@example.com", "password": "correct horse battery"])
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(locked.html.contains("Too many failed sign-ins"))
            #expect(browser.cookies["tandem_session"] == nil)
        }
    }

    @Test("a tampered or expired session cookie sends the person to sign in, and clears the cookie")
    func tamperedAndExpiredSessions() async throws {
        try await TestApp.run { app, client in
            let user = try await app.createUser("cy@example.com", role: .admin)
            var tampered = Browser(client)
            tampered.cookies["tandem_session"] = "forged-token-value"
            let response = try await tampered.get("/leads")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/sign-in?next=/leads&reason=expired")
            #expect(tampered.cookies["tandem_session"] == nil)

            let sessions = SessionStore(database: app.database, idleLifetime: 60)
            let (token, _) = try await sessions.create(for: user, userAgent: nil, ip: nil, now: Date().timeIntervalSince1970 - 3600)
            var expired = Browser(client)
            expired.cookies["tandem_session"] = token
            let page = try await expired.get("/settings/users")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location]?.contains("reason=expired") == true)
            let notice = try await expired.get("/sign-in?reason=expired")
            #expect(notice.html.contains("Your session ended"))
        }
    }

    @Test("a form without its CSRF token, or with another session's, is refused and changes nothing")
    func csrf() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("dee@example.com", role: .admin)
            let lead = try await app.createLead("lead@acme.com")
            var browser = try await Browser.signedIn("dee@example.com", on: client)
            try await browser.get("/leads/\(lead.id)")
            let missing = try await browser.post("/leads/\(lead.id)/stage", ["stage": "mql"], csrf: .some(nil))
            #expect(missing.status == .forbidden)
            #expect(missing.html.contains("could not be verified"))
            let wrong = try await browser.post(
                "/leads/\(lead.id)/stage", ["stage": "mql"],
                csrf: (browser.csrf.hasPrefix("x") ? "y" : "x") + String(browser.csrf.dropFirst()))
            #expect(wrong.status == .forbidden)
            #expect(try await app.database.leads.get(id: lead.id)?.stage == .lead)
            var stranger = Browser(client)
            let anonymous = try await stranger.post("/sign-in", ["email": "dee@example.com", "password": "correct horse battery"])
            #expect(anonymous.status == .forbidden)

            let moved = try await browser.post("/leads/\(lead.id)/stage", ["stage": "mql"])
            #expect(moved.status == .seeOther)
            #expect(try await app.database.leads.get(id: lead.id)?.stage == .mql)
        }
    }
}

@Suite("Web app: cookies")
struct WebCookieTests {
    private func request(authority: String, forwardedProto: String? = nil) -> Request {
        var head = HTTPRequest(method: .get, scheme: "http", authority: authority, path: "/")
        if let forwardedProto { head.headerFields[.init("X-Forwarded-Proto")!] = forwardedProto }
        return Request(head: head, body: .init(buffer: ByteBuffer()))
    }

    @Test("cookies are Secure on loopback and behind HTTPS, not on plain HTTP to a network address, unless told")
    func secureFlag() {
        let auto = WebCookies(security: .auto)
        #expect(auto.isSecure(request(authority: "localhost:8080")))
        #expect(auto.isSecure(request(authority: "127.0.0.1:8080")))
        #expect(auto.isSecure(request(authority: "tandem.acme.io", forwardedProto: "https")))
        #expect(!auto.isSecure(request(authority: "10.0.0.5:8080")))
        #expect(WebCookies(security: .always).isSecure(request(authority: "10.0.0.5:8080")))
        #expect(!WebCookies(security: .never).isSecure(request(authority: "localhost")))
        let cookie = auto.session("token", request: request(authority: "localhost")).description
        #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
    }

    @Test("signing out of an expired page leads to sign-in, without a CSRF error")
    func signOutWithoutSession() async throws {
        try await TestApp.run { app, client in
            var browser = Browser(client)
            browser.cookies["tandem_session"] = "long-gone"
            let response = try await browser.post("/sign-out", [:], csrf: "stale")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/sign-in")
        }
    }
}
