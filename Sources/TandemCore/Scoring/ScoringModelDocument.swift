/// The scoring model as one JSON (or YAML) document, for export, review and import.
///
/// Reading is strict: an unknown key, a wrong type or a bad value is an error naming its path
/// (`engagement_rules[3].when[0].op`), and every error is reported at once.
extension ScoringModel {
    /// Reads and validates a document; a model that reads is a model that compiles.
    public init(document: JSONValue) throws(ValidationErrors) {
        var reader = DocumentReader()
        let model = reader.model(document)
        // Conditions are checked even when other parts are wrong, so every problem shows at once.
        if let model {
            do throws(ValidationErrors) {
                _ = try CompiledScoringModel(model)
            } catch {
                reader.errors += error.errors
            }
        }
        guard reader.errors.isEmpty, let model else { throw ValidationErrors(reader.errors) }
        self = model
    }

    /// The document form, keys in a fixed order once written out.
    public var document: JSONValue {
        .object([
            "half_life_days": .number(halfLifeDays),
            "recycle_cool_down_days": .number(recycleCoolDownDays),
            "mql": .object(["fit": .number(mql.fit), "engagement": .number(mql.engagement)]),
            "grades": .object([
                "fit": .array(grades.fit.map(JSONValue.number)), "engagement": .array(grades.engagement.map(JSONValue.number)),
            ]),
            "call_now": .object(["window_hours": .number(callNow.windowHours), "minimum_points": .number(callNow.minimumPoints)]),
            "fit_rules": .array(fitRules.map(\.document)),
            "engagement_rules": .array(engagementRules.map(\.document)),
        ])
    }
}

extension RuleCondition {
    var document: JSONValue {
        var members: [String: JSONValue] = ["field": .string(field), "op": .string(op.rawValue)]
        if !value.isNull { members["value"] = value }
        return .object(members)
    }
}

extension FitRule {
    public var document: JSONValue {
        .object(["id": .string(id), "name": .string(name), "when": .array(when.map(\.document)), "points": .number(points)])
    }
}

extension EngagementRule {
    public var document: JSONValue {
        var event: [String: JSONValue] = [:]
        if let eventType { event["type"] = .string(eventType.rawValue) }
        if let eventName { event["name"] = .string(eventName) }
        var members: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "event": .object(event), "when": .array(when.map(\.document)),
            "points": .number(points),
        ]
        if let cap { members["cap"] = .number(cap) }
        if let oncePerDays { members["once_per_days"] = .number(oncePerDays) }
        return .object(members)
    }
}

/// Walks a document, collecting every problem with its path.
private struct DocumentReader {
    var errors: [ValidationError] = []

    mutating func model(_ document: JSONValue) -> ScoringModel? {
        guard let root = object(document, path: "", keys: Self.modelKeys) else { return nil }
        let defaults = ScoringModel(fitRules: [], engagementRules: [])
        let halfLife = number(root["half_life_days"], path: "half_life_days", range: 0.04...3650) ?? defaults.halfLifeDays
        let coolDown =
            number(root["recycle_cool_down_days"], path: "recycle_cool_down_days", range: 0...3650) ?? defaults.recycleCoolDownDays
        var mql = defaults.mql
        if let value = root["mql"], let members = object(value, path: "mql", keys: ["fit", "engagement"]) {
            mql.fit = number(members["fit"], path: "mql.fit", range: -10_000...10_000) ?? mql.fit
            mql.engagement = number(members["engagement"], path: "mql.engagement", range: -10_000...10_000) ?? mql.engagement
        }
        var grades = defaults.grades
        if let value = root["grades"], let members = object(value, path: "grades", keys: ["fit", "engagement"]) {
            grades.fit = bands(members["fit"], path: "grades.fit") ?? grades.fit
            grades.engagement = bands(members["engagement"], path: "grades.engagement") ?? grades.engagement
        }
        var callNow = defaults.callNow
        if let value = root["call_now"], let members = object(value, path: "call_now", keys: ["window_hours", "minimum_points"]) {
            callNow.windowHours = number(members["window_hours"], path: "call_now.window_hours", range: 0.1...168) ?? callNow.windowHours
            callNow.minimumPoints =
                number(members["minimum_points"], path: "call_now.minimum_points", range: 1...10_000) ?? callNow.minimumPoints
        }
        var fitRules: [FitRule] = []
        for (index, value) in list(root["fit_rules"], path: "fit_rules").enumerated() {
            if let rule = fitRule(value, path: "fit_rules[\(index)]") { fitRules.append(rule) }
        }
        var engagementRules: [EngagementRule] = []
        for (index, value) in list(root["engagement_rules"], path: "engagement_rules").enumerated() {
            if let rule = engagementRule(value, path: "engagement_rules[\(index)]") { engagementRules.append(rule) }
        }
        var seen: Set<String> = []
        for (path, id) in fitRules.enumerated().map({ ("fit_rules[\($0)].id", $1.id) })
            + engagementRules.enumerated().map({ ("engagement_rules[\($0)].id", $1.id) })
        where !seen.insert(id).inserted {
            errors.append(ValidationError(code: "invalid_rule", field: path, message: "the id '\(id)' is used by another rule"))
        }
        return ScoringModel(
            fitRules: fitRules, engagementRules: engagementRules, halfLifeDays: halfLife, mql: mql, grades: grades, callNow: callNow,
            recycleCoolDownDays: coolDown)
    }

    static let modelKeys: Set<String> = [
        "half_life_days", "recycle_cool_down_days", "mql", "grades", "call_now", "fit_rules", "engagement_rules",
    ]

    mutating func fitRule(_ value: JSONValue, path: String) -> FitRule? {
        guard let members = object(value, path: path, keys: ["id", "name", "when", "points"]) else { return nil }
        let id = ruleId(members["id"], path: path + ".id")
        let name = text(members["name"], path: path + ".name", required: false) ?? id
        let conditions = conditions(members["when"], path: path + ".when")
        guard let points = number(members["points"], path: path + ".points", range: -1000...1000, required: true), let id, let name
        else { return nil }
        return FitRule(id: id, name: name, when: conditions, points: points)
    }

    mutating func engagementRule(_ value: JSONValue, path: String) -> EngagementRule? {
        let keys: Set<String> = ["id", "name", "event", "when", "points", "cap", "once_per_days"]
        guard let members = object(value, path: path, keys: keys) else { return nil }
        let id = ruleId(members["id"], path: path + ".id")
        let name = text(members["name"], path: path + ".name", required: false) ?? id
        var eventType: MessageType?
        var eventName: String?
        if let event = members["event"], let fields = object(event, path: path + ".event", keys: ["type", "name"]) {
            if let typeText = text(fields["type"], path: path + ".event.type", required: false) {
                eventType = MessageType(rawValue: typeText.lowercased())
                if eventType == nil {
                    let types = MessageType.allCases.map(\.rawValue).joined(separator: ", ")
                    errors.append(
                        ValidationError(code: "invalid_rule", field: path + ".event.type", message: "'\(typeText)' is not one of \(types)"))
                }
            }
            eventName = text(fields["name"], path: path + ".event.name", required: false)
        }
        let conditions = conditions(members["when"], path: path + ".when")
        let points = number(members["points"], path: path + ".points", range: -1000...1000, required: true)
        let cap = number(members["cap"], path: path + ".cap", range: 0.001...100_000)
        let oncePer = number(members["once_per_days"], path: path + ".once_per_days", range: 0.001...3650)
        guard let id, let name, let points else { return nil }
        return EngagementRule(
            id: id, name: name, eventType: eventType, eventName: eventName, when: conditions, points: points, cap: cap, oncePerDays: oncePer
        )
    }

    mutating func conditions(_ value: JSONValue?, path: String) -> [RuleCondition] {
        var conditions: [RuleCondition] = []
        for (index, item) in list(value, path: path).enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let members = object(item, path: itemPath, keys: ["field", "op", "value"]) else { continue }
            let field = text(members["field"], path: itemPath + ".field", required: true)
            let opText = text(members["op"], path: itemPath + ".op", required: true)
            var op: ConditionOperator?
            if let opText {
                op = ConditionOperator(rawValue: opText.lowercased())
                if op == nil {
                    let known = ConditionOperator.allCases.map(\.rawValue).joined(separator: ", ")
                    errors.append(
                        ValidationError(
                            code: "invalid_rule", field: itemPath + ".op", message: "unknown operator '\(opText)'; use one of \(known)")
                    )
                }
            }
            if let field, let op { conditions.append(RuleCondition(field: field, op: op, value: members["value"] ?? .null)) }
        }
        return conditions
    }

    // MARK: - Values

    mutating func object(_ value: JSONValue, path: String, keys: Set<String>) -> [String: JSONValue]? {
        guard let members = value.objectValue else {
            errors.append(ValidationError(code: "invalid_type", field: path.isEmpty ? nil : path, message: "must be an object"))
            return nil
        }
        for key in members.keys.sorted() where !keys.contains(key) {
            let field = path.isEmpty ? key : "\(path).\(key)"
            errors.append(
                ValidationError(
                    code: "unknown_field", field: field, message: "unknown field; expected one of \(keys.sorted().joined(separator: ", "))")
            )
        }
        return members
    }

    mutating func list(_ value: JSONValue?, path: String) -> [JSONValue] {
        guard let value, !value.isNull else { return [] }
        guard let values = value.arrayValue else {
            errors.append(ValidationError(code: "invalid_type", field: path, message: "must be a list"))
            return []
        }
        return values
    }

    mutating func text(_ value: JSONValue?, path: String, required: Bool) -> String? {
        guard let value, !value.isNull else {
            if required { errors.append(ValidationError(code: "missing_field", field: path, message: "is required")) }
            return nil
        }
        guard let text = value.stringValue?.trimmed, !text.isEmpty, text.count <= 200 else {
            errors.append(ValidationError(code: "invalid_type", field: path, message: "must be a text of 1 to 200 characters"))
            return nil
        }
        return text
    }

    mutating func ruleId(_ value: JSONValue?, path: String) -> String? {
        guard let id = text(value, path: path, required: true) else { return nil }
        let allowed =
            id.count <= 64
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        guard allowed else {
            errors.append(
                ValidationError(code: "invalid_rule", field: path, message: "'\(id)' must be 1 to 64 of a-z, 0-9, _ and -"))
            return nil
        }
        return id
    }

    mutating func number(_ value: JSONValue?, path: String, range: ClosedRange<Double>, required: Bool = false) -> Double? {
        guard let value, !value.isNull else {
            if required { errors.append(ValidationError(code: "missing_field", field: path, message: "is required")) }
            return nil
        }
        guard case .number(let number) = value else {
            errors.append(ValidationError(code: "invalid_type", field: path, message: "must be a number"))
            return nil
        }
        guard range.contains(number) else {
            errors.append(
                ValidationError(
                    code: "invalid_value", field: path,
                    message: "must be between \(JSONValue.format(range.lowerBound)) and \(JSONValue.format(range.upperBound))"))
            return nil
        }
        return number
    }

    mutating func bands(_ value: JSONValue?, path: String) -> [Double]? {
        let values = list(value, path: path)
        guard value != nil, !(value?.isNull ?? true) else { return nil }
        let numbers = values.compactMap { if case .number(let n) = $0 { return n } else { return nil } }
        guard numbers.count == 3, numbers.count == values.count, numbers[0] >= numbers[1], numbers[1] >= numbers[2] else {
            errors.append(ValidationError(code: "invalid_value", field: path, message: "must be three numbers from highest to lowest"))
            return nil
        }
        return numbers
    }
}
