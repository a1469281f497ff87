import Foundation
import Testing

@testable import TandemCore

@Suite("Scoring rules: conditions, documents and fit")
struct ScoringRuleTests {
    func condition(_ field: String, _ op: ConditionOperator, _ value: JSONValue = .null, kind: FieldKind = .text) throws
        -> CompiledCondition
    {
        try CompiledCondition(RuleCondition(field: field, op: op, value: value), kind: kind, path: "c")
    }

    @Test("each operator on text, numbers and flags")
    func operators() throws {
        #expect(try condition("title", .contains, ["vp", "director"]).holds(for: "Senior Director, Sales"))
        #expect(try !condition("title", .contains, ["vp"]).holds(for: "Engineer"))
        #expect(try condition("title", .startsWith, "head").holds(for: "Head of Growth"))
        #expect(try condition("title", .endsWith, "ops").holds(for: "Head of RevOps"))
        #expect(try condition("country", .in, ["Germany", "France"]).holds(for: "germany"))
        #expect(try condition("country", .equals, "FRANCE").holds(for: "France"))
        #expect(try condition("title", .matches, "^(c[emrt]o)$").holds(for: "CMO"))
        #expect(try !condition("title", .matches, "^(c[emrt]o)$").holds(for: "Chief of staff"))
        #expect(try condition("company_size", .between, [200, 5000], kind: .number).holds(for: 200))
        #expect(try !condition("company_size", .between, [200, 5000], kind: .number).holds(for: 5001))
        #expect(try condition("company_size", .atLeast, 10, kind: .number).holds(for: "12"))
        #expect(try condition("company_size", .atMost, 10, kind: .number).holds(for: 10))
        #expect(try condition("free_mail", .is, true, kind: .flag).holds(for: true))
        #expect(try !condition("free_mail", .is, true, kind: .flag).holds(for: false))
        #expect(try condition("properties.plan", .in, ["pro", 3], kind: .any).holds(for: 3))
        #expect(try condition("properties.seats", .atLeast, 5, kind: .any).holds(for: "7"))
    }

    @Test("a missing value satisfies only the negated operators")
    func missingValues() throws {
        for op in ConditionOperator.allCases where op != .is {
            let kind: FieldKind = .any
            let value: JSONValue
            switch op {
            case .in, .notIn: value = ["x"]
            case .between: value = [1, 2]
            case .atLeast, .atMost: value = 1
            case .exists, .notExists: value = .null
            default: value = "x"
            }
            let compiled = try condition("properties.x", op, value, kind: kind)
            #expect(compiled.holds(for: nil) == [.notEquals, .notIn, .notContains, .notExists].contains(op), "\(op)")
        }
    }

    @Test("a negated operator is the opposite of its operator on any present text")
    func negationProperty() throws {
        var random = TestRandom(seed: 7)
        let alphabet = Array("abcAB /-")
        func word() -> String { String((0..<Int.random(in: 1...6, using: &random)).map { _ in alphabet.randomElement(using: &random)! }) }
        for _ in 0..<300 {
            let needle = word()
            let hay = word() + (Bool.random(using: &random) ? needle : "") + word()
            for (positive, negative, operand) in [
                (ConditionOperator.contains, ConditionOperator.notContains, JSONValue.string(needle)),
                (.equals, .notEquals, .string(needle)), (.in, .notIn, .array([.string(needle)])),
            ] {
                let yes = try condition("title", positive, operand).holds(for: .string(hay))
                let no = try condition("title", negative, operand).holds(for: .string(hay))
                #expect(yes != no, "\(positive) '\(needle)' on '\(hay)'")
            }
        }
    }

    @Test("invalid conditions are refused with their path and reason")
    func invalidConditions() {
        func refusal(_ document: JSONValue) -> [ValidationError] {
            do {
                _ = try ScoringModel(document: document)
                return []
            } catch {
                return error.errors
            }
        }
        let badRegex = refusal(["fit_rules": [["id": "r", "points": 5, "when": [["field": "title", "op": "matches", "value": "(vp"]]]]])
        #expect(badRegex.map(\.field) == ["fit_rules[0].when[0].value"])
        #expect(badRegex.first?.message.contains("not a valid regular expression") == true)

        let unknownField = refusal(["fit_rules": [["id": "r", "points": 5, "when": [["field": "salary", "op": "exists"]]]]])
        #expect(unknownField.map(\.field) == ["fit_rules[0].when[0].field"])
        #expect(unknownField.first?.message.contains("unknown field 'salary'") == true)

        let wrongType = refusal(["engagement_rules": [["id": "e", "points": "ten", "event": ["name": "Demo Requested"]]]])
        #expect(wrongType.map(\.field) == ["engagement_rules[0].points"])
        #expect(wrongType.first?.code == "invalid_type")

        let wrongOperator = refusal([
            "fit_rules": [["id": "r", "points": 5, "when": [["field": "company_size", "op": "contains", "value": "5"]]]]
        ])
        #expect(wrongOperator.map(\.field) == ["fit_rules[0].when[0].op"])

        let unknownKey = refusal(["fit_rules": [["id": "r", "points": 5, "when": [["field": "title", "op": "exists"]], "weight": 2]]])
        #expect(unknownKey.map(\.field) == ["fit_rules[0].weight"])

        let duplicate = refusal([
            "fit_rules": [["id": "r", "points": 5, "when": [["field": "title", "op": "exists"]]]],
            "engagement_rules": [["id": "r", "points": 1]],
        ])
        #expect(duplicate.map(\.field) == ["engagement_rules[0].id"])

        let several = refusal(["half_life_days": -1, "mql": ["fit": "high"], "engagement_rules": [["id": "Bad Id", "points": 1]]])
        #expect(Set(several.compactMap(\.field)) == ["half_life_days", "mql.fit", "engagement_rules[0].id"])
    }

    @Test("the standard model survives a trip through its document unchanged")
    func documentRoundTrip() throws {
        let model = ScoringModel.standard
        let text = model.document.jsonText
        let back = try ScoringModel(document: try JSONValue.parse(text))
        #expect(back == model)
        #expect(back.document.jsonText == text)
    }

    @Test("fit adds the points of the rules that hold, and free mail subtracts")
    func fit() throws {
        let model = try CompiledScoringModel(.standard)
        var lead = Lead(id: 1, email: "ann@acme.example", userId: nil, stage: .lead, createdAt: 0, updatedAt: 0)
        lead.title = "VP Marketing"
        lead.companySize = 800
        lead.industry = "Software"
        lead.country = "Germany"
        let score = model.fit(FitSubject(lead: lead))
        #expect(Set(score.contributions.map(\.ruleId)) == ["vp", "revenue_team", "core_industry", "mid_market", "served_country"])
        #expect(score.total == 20 + 10 + 10 + 15 + 5)

        lead.email = "ann@gmail.com"
        lead.title = "Student"
        lead.companySize = nil
        let weak = model.fit(FitSubject(lead: lead, accountSize: 20))
        #expect(weak.contributions.map(\.ruleId).contains("free_mail"))
        #expect(weak.contributions.map(\.ruleId).contains("small_business"), "the account's size stands in for the lead's")
        #expect(weak.total == -15 - 30 - 10 + 10 + 5)
    }

    @Test("seniority is read from the words of a title")
    func seniority() {
        #expect(Seniority.of(title: "CEO & Founder") == .executive)
        #expect(Seniority.of(title: "Chief Revenue Officer") == .executive)
        #expect(Seniority.of(title: "Vice President, Sales") == .vp)
        #expect(Seniority.of(title: "SVP Marketing") == .vp)
        #expect(Seniority.of(title: "Head of Demand Generation") == .director)
        #expect(Seniority.of(title: "Marketing Operations Manager") == .manager)
        #expect(Seniority.of(title: "Data Analyst") == .individual)
        #expect(Seniority.of(title: nil) == nil)
    }

    @Test("grades combine a fit letter and an engagement digit")
    func grades() throws {
        let model = try CompiledScoringModel(.standard)
        #expect(model.grade(fit: 60, engagement: 75) == "A1")
        #expect(model.grade(fit: 59.9, engagement: 74.9) == "B2")
        #expect(model.grade(fit: 20, engagement: 25) == "C3")
        #expect(model.grade(fit: -5, engagement: 0) == "D4")
    }

    @Test("a recycled lead comes back as an MQL only after the cool-down")
    func recycleCoolDown() {
        let model = ScoringModel.standard
        let day = 86_400.0
        #expect(HandOffPolicy.isReady(stage: .lead, fit: 40, engagement: 50, recycledAt: nil, now: 0, model: model))
        #expect(!HandOffPolicy.isReady(stage: .lead, fit: 39, engagement: 90, recycledAt: nil, now: 0, model: model))
        #expect(!HandOffPolicy.isReady(stage: .sal, fit: 90, engagement: 90, recycledAt: nil, now: 0, model: model))
        #expect(!HandOffPolicy.isReady(stage: .recycled, fit: 90, engagement: 90, recycledAt: 0, now: 29 * day, model: model))
        #expect(HandOffPolicy.isReady(stage: .recycled, fit: 90, engagement: 90, recycledAt: 0, now: 30 * day, model: model))
    }
}
