import Testing

@testable import TandemCore

@Suite("The scoring page's rule builder")
struct ScoringModelEditTests {
    @Test("points, caps, thresholds and removals change the draft; a new rule of each kind joins it with its own id")
    func edits() throws {
        var edit = ScoringModelEdit()
        let model = ScoringModel.standard
        let fitRule = try #require(model.fitRules.first)
        let engagementRule = try #require(model.engagementRules.first)
        let removedRule = try #require(model.fitRules.last)
        edit.fitPoints[fitRule.id] = " 33 "
        edit.engagementPoints[engagementRule.id] = "7.5"
        edit.engagementCaps[engagementRule.id] = ""
        edit.removed = [removedRule.id]
        (edit.mqlFit, edit.mqlEngagement, edit.halfLifeDays) = ("45", "55", "14")
        edit.newFit = .init(name: "Works in fintech", field: "industry", op: "in", value: "Fintech, Banking ", points: "12")
        edit.newEngagement = .init(
            name: "Started a trial", eventType: "track", eventName: "Trial Started", points: "40", cap: "40", oncePerDays: "30")
        let edited = try edit.apply(to: model)
        #expect(edited.fitRules.first?.points == 33)
        #expect(edited.engagementRules.first?.points == 7.5 && edited.engagementRules.first?.cap == nil)
        #expect(!edited.fitRules.contains { $0.id == removedRule.id })
        #expect(edited.mql.fit == 45 && edited.mql.engagement == 55 && edited.halfLifeDays == 14)
        let fintech = try #require(edited.fitRules.last)
        #expect(fintech.id == "works_in_fintech" && fintech.points == 12)
        #expect(fintech.when == [RuleCondition(field: "industry", op: .in, value: ["Fintech", "Banking"])])
        let trial = try #require(edited.engagementRules.last)
        #expect(trial.id == "started_a_trial" && trial.eventType == .track && trial.eventName == "Trial Started")
        #expect(trial.cap == 40 && trial.oncePerDays == 30)
        _ = try CompiledScoringModel(edited)
    }

    @Test("numbers are read by operator: a size range, a threshold, a flag; ids never collide")
    func operands() throws {
        var errors: [ValidationError] = []
        let range = ScoringModelEdit.condition(field: "company_size", op: "between", value: "200, 5000", errors: &errors)
        #expect(range?.value == [200, 5000])
        let atLeast = ScoringModelEdit.condition(field: "company_size", op: "at_least", value: "50", errors: &errors)
        #expect(atLeast?.value == 50)
        let flag = ScoringModelEdit.condition(field: "free_mail", op: "is", value: "true", errors: &errors)
        #expect(flag?.value == true)
        #expect(errors.isEmpty)
        #expect(ScoringModelEdit.newId("VP / Director!", taken: ["vp_director"]) == "vp_director_2")
        #expect(ScoringModelEdit.newId("***", taken: []) == "rule")
    }

    @Test("every wrong field is named with the form's name for it")
    func refusals() {
        var edit = ScoringModelEdit()
        let rule = ScoringModel.standard.fitRules[0]
        edit.fitPoints[rule.id] = "lots"
        edit.mqlFit = ""
        edit.newFit = .init(name: "", field: "industry", op: "sounds_like", value: "x", points: "1")
        edit.newEngagement = .init(name: "Webinar", eventType: "fax", eventName: "x", points: "", cap: "", oncePerDays: "")
        do {
            _ = try edit.apply(to: .standard)
            Issue.record("the edit should be refused")
        } catch {
            #expect(
                Set(error.errors.compactMap(\.field)) == [
                    "fit_points_\(rule.id)", "mql_fit", "new_fit_name", "new_fit_op", "new_engagement_type", "new_engagement_points",
                ])
        }
    }
}
