import Foundation
import Hummingbird
import HummingbirdTesting
import TandemCharts
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Web pages under hostile input")
struct WebHostileInputTests {
    /// A quote followed by a combining mark is one Swift Character that is not `"`.
    static let title = "x\"\u{301} autofocus onfocus=alert(1) y=\"\u{301}"

    @Test("escaping works on Unicode scalars: a quote with a combining mark cannot open an attribute")
    func combiningMarks() async throws {
        let escaped = Markup.escape("\"\u{301}<b>'")
        let expected = "&quot;\u{301}&lt;b&gt;&#39;"
        #expect(escaped == expected)
        try await TestApp.run { app, client in
            try await app.createUser("dee@example.com", role: .admin)
            let lead = try await app.database.leads.create(
                LeadInput(email: try EmailAddress("lead@acme.com"), fields: [.title: Self.title, .firstName: Self.title]),
                actor: .system, now: Date().timeIntervalSince1970)
            var browser = try await Browser.signedIn("dee@example.com", on: client)
            for path in ["/leads/\(lead.id)", "/leads?q=\(Self.title.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok)
                let liveAttribute = "\"\u{301} autofocus"
                #expect(!page.html.contains(liveAttribute), "\(path)")
                let escapedAttribute = "&quot;\u{301} autofocus"
                #expect(page.html.contains(escapedAttribute), "\(path)")
            }
        }
    }

    @Test("after sign-in, next stays on this site")
    func safeNext() {
        for hostile in [
            "//evil.example", "/\t/evil.example", "/\\evil.example", "/\n/evil.example", "https://evil.example", "/ /x", "/%09",
        ] {
            let expected = hostile == "/%09" ? "/%09" : "/"
            #expect(SignInController.safeNext(hostile) == expected, "\(hostile.debugDescription)")
        }
        #expect(SignInController.safeNext("/leads?q=ann") == "/leads?q=ann")
        // The form decodes %09 to a tab before it reaches safeNext.
        #expect(SignInController.safeNext(FormData("next=%2F%09%2Fevil.example")["next"]) == "/")
    }

    @Test("a search box's + is a space, and an encoded plus stays a plus")
    func plusInQueries() {
        let query = FormData("q=ann+lee&r=a%2Bb")
        #expect(query.get("q") == "ann lee")
        #expect(query.get("r") == "a+b")
    }
}
