/// Changes to the scoring model made with the scoring page's rule builder: points, caps and
/// removals of existing rules, the thresholds, and at most one new rule of each kind. They
/// are applied to a draft document, which the editor then shows as YAML and previews; nothing
/// is saved here, and the result is checked as any model is (`CompiledScoringModel`).
public struct ScoringModelEdit: Sendable, Hashable {
    /// A new fit rule: one condition on a field, with its points.
    public struct NewFitRule: Sendable, Hashable {
        public var name, field, op, value, points: String

        public init(name: String, field: String, op: String, value: String, points: String) {
            (self.name, self.field, self.op, self.value, self.points) = (name, field, op, value, points)
        }
    }

    /// A new engagement rule: an event type and name, with its points and limits.
    public struct NewEngagementRule: Sendable, Hashable {
        public var name, eventType, eventName, points, cap, oncePerDays: String

        public init(name: String, eventType: String, eventName: String, points: String, cap: String, oncePerDays: String) {
            (self.name, self.eventType, self.eventName, self.points, self.cap, self.oncePerDays) = (
                name, eventType, eventName, points, cap, oncePerDays
            )
        }
    }

    /// Points as typed, by rule id; a rule left out keeps its points.
    public var fitPoints: [String: String] = [:]
    public var engagementPoints: [String: String] = [:]
    /// Caps as typed, by engagement rule id; empty text removes the cap.
    public var engagementCaps: [String: String] = [:]
    /// Ids of rules to remove.
    public var removed: Set<String> = []
    public var mqlFit, mqlEngagement, halfLifeDays: String?
    public var newFit: NewFitRule?
    public var newEngagement: NewEngagementRule?

    public init() {}

    /// The model with the changes made; every problem is reported with the form field it is about.
    public func apply(to model: ScoringModel) throws(ValidationErrors) -> ScoringModel {
        var errors: [ValidationError] = []
        var edited = model
        func number(_ text: String?, field: String, required: Bool = true) -> Double?? {
            let trimmed = (text ?? "").trimmed
            if trimmed.isEmpty {
                if required { errors.append(ValidationError(code: "required", field: field, message: "give a number")) }
                return .some(nil)
            }
            guard let value = Double(trimmed), value.isFinite else {
                errors.append(ValidationError(code: "invalid_value", field: field, message: "“\(trimmed.prefix(20))” is not a number"))
                return nil
            }
            return .some(value)
        }
        for index in edited.fitRules.indices {
            let id = edited.fitRules[index].id
            if let text = fitPoints[id], case .some(.some(let points)) = number(text, field: "fit_points_\(id)") {
                edited.fitRules[index].points = points
            }
        }
        for index in edited.engagementRules.indices {
            let id = edited.engagementRules[index].id
            if let text = engagementPoints[id], case .some(.some(let points)) = number(text, field: "engagement_points_\(id)") {
                edited.engagementRules[index].points = points
            }
            if let text = engagementCaps[id], case .some(let cap) = number(text, field: "engagement_cap_\(id)", required: false) {
                edited.engagementRules[index].cap = cap
            }
        }
        edited.fitRules.removeAll { removed.contains($0.id) }
        edited.engagementRules.removeAll { removed.contains($0.id) }
        if let mqlFit, case .some(.some(let value)) = number(mqlFit, field: "mql_fit") { edited.mql.fit = value }
        if let mqlEngagement, case .some(.some(let value)) = number(mqlEngagement, field: "mql_engagement") {
            edited.mql.engagement = value
        }
        if let halfLifeDays, case .some(.some(let value)) = number(halfLifeDays, field: "half_life_days") { edited.halfLifeDays = value }
        let taken = Set(edited.fitRules.map(\.id) + edited.engagementRules.map(\.id))
        if let rule = newFit {
            let name = rule.name.trimmed
            if name.isEmpty { errors.append(ValidationError(code: "required", field: "new_fit_name", message: "name the rule")) }
            let points = number(rule.points, field: "new_fit_points")
            let condition = Self.condition(field: rule.field, op: rule.op, value: rule.value, errors: &errors)
            if !name.isEmpty, case .some(.some(let points)) = points, let condition {
                edited.fitRules.append(FitRule(id: Self.newId(name, taken: taken), name: name, when: [condition], points: points))
            }
        }
        if let rule = newEngagement {
            let name = rule.name.trimmed
            if name.isEmpty { errors.append(ValidationError(code: "required", field: "new_engagement_name", message: "name the rule")) }
            var type: MessageType?
            let typeText = rule.eventType.trimmed
            if !typeText.isEmpty {
                type = MessageType(rawValue: typeText)
                if type == nil {
                    errors.append(ValidationError(code: "invalid_value", field: "new_engagement_type", message: "choose an event type"))
                }
            }
            let eventName = rule.eventName.trimmed
            if eventName.count > 200 {
                errors.append(ValidationError(code: "too_long", field: "new_engagement_event", message: "at most 200 characters"))
            }
            let points = number(rule.points, field: "new_engagement_points")
            let cap = number(rule.cap, field: "new_engagement_cap", required: false)
            let once = number(rule.oncePerDays, field: "new_engagement_once", required: false)
            if !name.isEmpty, case .some(.some(let points)) = points, case .some(let cap) = cap, case .some(let once) = once {
                edited.engagementRules.append(
                    EngagementRule(
                        id: Self.newId(name, taken: taken.union(edited.fitRules.map(\.id))), name: name, eventType: type,
                        eventName: eventName.isEmpty ? nil : eventName, points: points, cap: cap, oncePerDays: once))
            }
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return edited
    }

    /// The condition a new fit rule tests, its value read as the operator wants it: a list
    /// from comma-separated text, a number, a range "low, high", true or false, or nothing.
    static func condition(field: String, op: String, value: String, errors: inout [ValidationError]) -> RuleCondition? {
        let field = field.trimmed
        guard !field.isEmpty else {
            errors.append(ValidationError(code: "required", field: "new_fit_field", message: "choose the field the rule tests"))
            return nil
        }
        guard let op = ConditionOperator(rawValue: op.trimmed) else {
            errors.append(ValidationError(code: "invalid_value", field: "new_fit_op", message: "choose how the rule tests the field"))
            return nil
        }
        let items = value.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
        let numeric = ScoringFields.fit[field] == .number
        func item(_ text: String) -> JSONValue {
            if numeric, let number = Double(text), number.isFinite { return .number(number) }
            return .string(text)
        }
        let operand: JSONValue
        switch op {
        case .exists, .notExists: operand = .null
        case .is: operand = .bool(["true", "yes", "1"].contains(value.trimmed.lowercased()))
        case .in, .notIn, .contains, .notContains, .startsWith, .endsWith: operand = .array(items.map(item))
        case .between: operand = .array(items.map(item))
        case .atLeast, .atMost: operand = item(value.trimmed)
        case .equals, .notEquals: operand = item(value.trimmed)
        case .matches: operand = .string(value.trimmed)
        }
        return RuleCondition(field: field, op: op, value: operand)
    }

    /// A rule id from its name: "Works in fintech" → `works_in_fintech`, made unique.
    static func newId(_ name: String, taken: Set<String>) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("_"), !slug.isEmpty {
                slug += "_"
            }
        }
        while slug.hasSuffix("_") { slug.removeLast() }
        let base = String((slug.isEmpty ? "rule" : slug).prefix(56))
        var id = base
        var counter = 2
        while taken.contains(id) {
            id = "\(base)_\(counter)"
            counter += 1
        }
        return id
    }
}
