/// A scoring model checked once and ready to score many leads and events.
public struct CompiledScoringModel: Sendable {
    public let model: ScoringModel
    public let decay: Decay
    let fitRules: [(rule: FitRule, conditions: [CompiledCondition])]
    let engagementRules: [CompiledEngagementRule]
    /// False when no rule reads an event's properties, so re-scoring can skip parsing them.
    public let readsEventProperties: Bool
    /// False when no rule reads an event's campaign, so re-scoring can skip those columns.
    public let readsEventCampaign: Bool

    struct CompiledEngagementRule: Sendable {
        let rule: EngagementRule
        let lowercasedName: String?
        let conditions: [CompiledCondition]

        /// - Parameter name: the event's name, lower-cased once for all rules.
        func matches(_ event: ScoringEvent, name: String) -> Bool {
            if let type = rule.eventType, type != event.type { return false }
            if let lowercasedName, lowercasedName != name { return false }
            return conditions.allSatisfy { $0.holds(for: event.value(of: $0.field)) }
        }
    }

    /// Checks every rule; throws all problems at once, each with its path.
    public init(_ model: ScoringModel) throws(ValidationErrors) {
        var errors: [ValidationError] = []
        func compile(_ conditions: [RuleCondition], path: String, kind: (String) -> FieldKind?, known: [String]) -> [CompiledCondition] {
            var compiled: [CompiledCondition] = []
            for (index, condition) in conditions.enumerated() {
                let conditionPath = "\(path).when[\(index)]"
                guard let fieldKind = kind(condition.field) else {
                    errors.append(
                        ValidationError(
                            code: "invalid_rule", field: conditionPath + ".field",
                            message: "unknown field '\(condition.field)'; use one of \(known.joined(separator: ", "))"))
                    continue
                }
                do throws(ValidationError) {
                    compiled.append(try CompiledCondition(condition, kind: fieldKind, path: conditionPath))
                } catch {
                    errors.append(error)
                }
            }
            return compiled
        }
        let fitFields = ScoringFields.fit.keys.sorted() + [ScoringFields.fitPrefix + "<name>"]
        let eventFields = ScoringFields.event.keys.sorted() + [ScoringFields.eventPrefix + "<name>"]
        fitRules = model.fitRules.enumerated().map { index, rule in
            (rule, compile(rule.when, path: "fit_rules[\(index)]", kind: ScoringFields.fitKind, known: fitFields))
        }
        engagementRules = model.engagementRules.enumerated().map { index, rule in
            CompiledEngagementRule(
                rule: rule, lowercasedName: rule.eventName?.lowercased(),
                conditions: compile(rule.when, path: "engagement_rules[\(index)]", kind: ScoringFields.eventKind, known: eventFields))
        }
        for (index, rule) in model.fitRules.enumerated() where rule.when.isEmpty {
            errors.append(ValidationError(code: "invalid_rule", field: "fit_rules[\(index)].when", message: "a fit rule needs a condition"))
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        self.model = model
        self.decay = Decay(halfLifeDays: model.halfLifeDays)
        self.readsEventProperties = model.engagementRules.contains { rule in
            rule.when.contains { $0.field.hasPrefix(ScoringFields.eventPrefix) }
        }
        self.readsEventCampaign = model.engagementRules.contains { rule in rule.when.contains { $0.field.hasPrefix("campaign.") } }
    }

    /// The fit score and the rules that gave it.
    public func fit(_ subject: FitSubject) -> FitScore {
        // Several rules read the same field (four read the seniority): read each once.
        var values: [String: JSONValue?] = [:]
        func value(_ field: String) -> JSONValue? {
            if let known = values[field] { return known }
            let read = subject.value(of: field)
            values[field] = .some(read)
            return read
        }
        var contributions: [FitContribution] = []
        for (rule, conditions) in fitRules where conditions.allSatisfy({ $0.holds(for: value($0.field)) }) {
            contributions.append(FitContribution(ruleId: rule.id, ruleName: rule.name, points: rule.points))
        }
        return FitScore(contributions: contributions)
    }

    /// The grade of a pair of scores, such as "A1".
    public func grade(fit: Double, engagement: Double) -> String {
        let letter = ["A", "B", "C", "D"][fitBand(fit)]
        let digit = ["1", "2", "3"].enumerated().first { engagement >= model.grades.engagement[$0.offset] }?.element ?? "4"
        return letter + digit
    }
}

/// One fit rule that held, and its points.
public struct FitContribution: Sendable, Hashable {
    public let ruleId: String
    public let ruleName: String
    public let points: Double
}

/// A lead's fit: the sum of the rules that hold, kept with the rules themselves.
public struct FitScore: Sendable, Hashable {
    public let contributions: [FitContribution]
    public var total: Double { contributions.reduce(0) { $0 + $1.points } }
}
