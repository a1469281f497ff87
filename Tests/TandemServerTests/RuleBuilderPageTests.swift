import Foundation
import Hummingbird
import HummingbirdTesting
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Scoring page: the rule builder")
struct RuleBuilderPageTests {
    @Test("the builder rewrites the draft's YAML and previews it; saving the result needs no second preview; errors are named")
    func buildThenSave() async throws {
        try await TestApp.run { app, client in
            try await app.createUser("maya@example.com", role: .marketing)
            var maya = try await Browser.signedIn("maya@example.com", on: client)
            let page = try await maya.get("/scoring").html
            #expect(page.contains("Rule builder") && page.contains(#"name="fit_points_"#))
            let document = ModelDocumentFormat.yaml.write(ScoringModel.standard.document)
            let built = try await maya.post(
                "/scoring",
                [
                    "document": document, "action": "build", "mql_fit": "45", "mql_engagement": "50", "half_life_days": "30",
                    "new_fit_name": "Works in fintech", "new_fit_field": "industry", "new_fit_op": "in",
                    "new_fit_value": "Fintech, Banking",
                    "new_fit_points": "12",
                ])
            #expect(built.status == .ok)
            #expect(built.html.contains("changes are in the draft below"))
            #expect(built.html.contains("id: works_in_fintech") && built.html.contains("preview-become"))
            let digest = try #require(ScoringPagesTests.hidden("previewed", in: built.html))
            let textarea = try #require(
                built.html.range(of: #"(?s)<textarea id="document"[^>]*>(.*?)</textarea>"#, options: .regularExpression).map {
                    String(built.html[$0])
                })
            let yaml = textarea.replacingOccurrences(of: #"(?s)^<textarea[^>]*>"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "</textarea>", with: "").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
            let saved = try await maya.post("/scoring", ["document": yaml, "previewed": digest])
            #expect(saved.status == .seeOther)
            let model = try await app.database.scoringModels.current().model
            #expect(model.mql.fit == 45 && model.fitRules.contains { $0.id == "works_in_fintech" })

            let refused = try await maya.post("/scoring", ["document": document, "action": "build", "mql_fit": "high"])
            #expect(refused.status == .unprocessableContent && refused.html.contains("<code>mql_fit</code>"))
        }
    }
}
