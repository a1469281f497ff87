import Mustache
import TandemCore
import Testing

@testable import TandemServer

/// Typed view models render as the dictionaries they replace did: the names the templates use, `nil` as an absent field, the form token from the page.
@Suite("Template view models")
struct TemplateModelTests {
    struct Row: TemplateModel {
        static let fields: TemplateFields<Self> = ["label": \.label, "lead_id": \.leadId]
        let label: String
        let leadId: Lead.ID
    }

    struct Probe: TemplateModel {
        static let fields: TemplateFields<Self> = ["call_now": \.callNow, "company": \.company, "rows": \.rows]
        let callNow: Bool
        let company: String?
        let rows: [Row]
    }

    @Test("a template reads fields by their listed names, skips nil, and finds the token from inside a list")
    func lookups() throws {
        let template = try MustacheTemplate(
            string: "{{#call_now}}call{{/call_now}}|{{#company}}at {{company}}{{/company}}{{^company}}no company{{/company}}|"
                + "{{#rows}}{{label}}:{{lead_id}}:{{csrf}};{{/rows}}{{missing}}")
        let withCompany = Probe(callNow: true, company: "Acme", rows: [Row(label: "a", leadId: 1), Row(label: "b", leadId: 2)])
        #expect(template.render(PageScope(model: withCompany, csrf: "tok")) == "call|at Acme|a:1:tok;b:2:tok;")
        let without = Probe(callNow: false, company: nil, rows: [])
        #expect(template.render(PageScope(model: without, csrf: nil)) == "|no company|")
    }

    @Test("scores read in whole points rounded down: the number shown meets a grade's threshold exactly when the grade says so")
    func scoresReadAsTheirGrade() throws {
        let model = try CompiledScoringModel(ScoringModel(fitRules: [], engagementRules: []))
        for value in [49.6, 50, 74.99, 75, 24.5, 25.2, -0.4, 0] {
            let shown = try #require(Double(ScoreView.score(value)))
            #expect(model.grade(fit: value, engagement: value) == model.grade(fit: shown, engagement: shown), "\(value) reads \(shown)")
        }
        #expect(ScoreView.score(49.6) == "49")
        #expect(model.grade(fit: 0, engagement: 49.6).hasSuffix("3"))
    }
}
