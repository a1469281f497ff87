import TandemCore

/// The scoring page's rule builder: the draft's rules with their points as inputs, the
/// thresholds, and the choices for a new rule. It edits the same draft the YAML shows.
struct RuleBuilderView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "fit_rules": \.fitRules, "engagement_rules": \.engagementRules, "mql_fit": \.mqlFit, "mql_engagement": \.mqlEngagement,
        "half_life": \.halfLife, "fields": \.fields, "operators": \.operators, "event_types": \.eventTypes, "open": \.open,
    ]

    struct Row: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "id": \.id, "name": \.name, "when": \.when, "points": \.points, "cap": \.cap,
        ]

        let id, name, when, points: String
        var cap = ""
    }

    let fitRules, engagementRules: [Row]
    let mqlFit, mqlEngagement, halfLife: String
    let fields, operators, eventTypes: [FilterOption]
    /// Open when the builder was just used.
    let open: Bool

    init(_ model: ScoringModel, open: Bool) {
        fitRules = model.fitRules.map {
            Row(id: $0.id, name: $0.name, when: ScoringPagesController.conditions($0.when), points: Self.number($0.points))
        }
        engagementRules = model.engagementRules.map { rule in
            let event = [rule.eventType?.rawValue, rule.eventName.map { "“\($0)”" }].compactMap { $0 }.joined(separator: " ")
            let conditions = ScoringPagesController.conditions(rule.when)
            return Row(
                id: rule.id, name: rule.name,
                when: (event.isEmpty ? "any event" : event) + (conditions.isEmpty ? "" : " where \(conditions)"),
                points: Self.number(rule.points),
                cap: rule.cap.map(Self.number) ?? "")
        }
        mqlFit = Self.number(model.mql.fit)
        mqlEngagement = Self.number(model.mql.engagement)
        halfLife = Self.number(model.halfLifeDays)
        fields = ScoringFields.fit.keys.sorted().map { FilterOption(value: $0, label: $0, selected: false) }
        operators = ConditionOperator.allCases.map {
            FilterOption(value: $0.rawValue, label: $0.rawValue.replacingOccurrences(of: "_", with: " "), selected: false)
        }
        eventTypes =
            [FilterOption(value: "", label: "any type", selected: false)]
            + MessageType.allCases.map { FilterOption(value: $0.rawValue, label: $0.rawValue, selected: $0 == .track) }
        self.open = open
    }

    /// A number as an input holds it: "15", "2.5".
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(value.rounded().clampedInt) : String(value)
    }
}
