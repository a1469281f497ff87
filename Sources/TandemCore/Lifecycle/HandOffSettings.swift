import Foundation

/// How sales must answer a hand-off: within `slaHours` working hours of the company's week,
/// and, when `reassignAfterHours` is set, the lead moves to another rep after that many.
public struct HandOffSettings: Sendable, Hashable {
    public var slaHours: Double = 4
    public var reassignAfterHours: Double?
    public var workdays: Set<Int> = [2, 3, 4, 5, 6]
    public var opensAt: Int = 9 * 60
    public var closesAt: Int = 17 * 60
    /// Territories, checked in order before round-robin.
    public var territories: [Territory] = []

    public init() {}

    public func calendar(timeZone: String) -> BusinessCalendar {
        BusinessCalendar(
            timeZone: TimeZone(identifier: timeZone) ?? .gmt, workdays: workdays, opensAt: opensAt, closesAt: closesAt)
    }

    /// The stored form.
    public var document: JSONValue {
        var members: [String: JSONValue] = [
            "sla_hours": .number(slaHours), "workdays": .array(workdays.sorted().map { .number(Double($0)) }),
            "opens_at": .string(Self.clock(opensAt)), "closes_at": .string(Self.clock(closesAt)),
            "territories": .array(
                territories.map { territory in
                    .object([
                        "id": .string(territory.id), "name": .string(territory.name),
                        "when": .array(territory.when.map(\.document)), "reps": .array(territory.reps.map(JSONValue.string)),
                    ])
                }),
        ]
        if let reassignAfterHours { members["reassign_after_hours"] = .number(reassignAfterHours) }
        return .object(members)
    }

    /// Reads the stored form back; values that do not read keep their defaults.
    public init(document: JSONValue) {
        if case .number(let hours)? = document["sla_hours"] { slaHours = hours }
        if case .number(let hours)? = document["reassign_after_hours"] { reassignAfterHours = hours }
        if let days = document["workdays"]?.arrayValue {
            workdays = Set(
                days.compactMap { if case .number(let day) = $0 { return day.wholeNumber(in: 1...7).map(Int.init) } else { return nil } })
        }
        if let text = document["opens_at"]?.stringValue, let minutes = Self.minutes(text) { opensAt = minutes }
        if let text = document["closes_at"]?.stringValue, let minutes = Self.minutes(text) { closesAt = minutes }
        territories = (document["territories"]?.arrayValue ?? []).compactMap { item in
            guard let id = item["id"]?.stringValue, let name = item["name"]?.stringValue else { return nil }
            let when = (item["when"]?.arrayValue ?? []).compactMap { condition -> RuleCondition? in
                guard let field = condition["field"]?.stringValue, let op = condition["op"]?.stringValue.flatMap(ConditionOperator.init)
                else { return nil }
                return RuleCondition(field: field, op: op, value: condition["value"] ?? .null)
            }
            return Territory(id: id, name: name, when: when, reps: (item["reps"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }

    /// "09:30" → 570.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.trimmed.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours),
            (0..<60).contains(minutes),
            hours * 60 + minutes <= 24 * 60
        else { return nil }
        return hours * 60 + minutes
    }

    public static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}

extension HandOffSettings {
    /// Validates settings typed in a form; throws every problem at once, each naming its field.
    public init(
        slaHours: String, reassignAfterHours: String, opensAt: String, closesAt: String, workdays: Set<Int>, territories: JSONValue
    ) throws(ValidationErrors) {
        var errors: [ValidationError] = []
        self.init()
        if let hours = Double(slaHours.trimmed), (0.25...200).contains(hours) {
            self.slaHours = hours
        } else {
            errors.append(ValidationError(code: "invalid_value", field: "sla_hours", message: "enter working hours between 0.25 and 200"))
        }
        let reassign = reassignAfterHours.trimmed
        if !reassign.isEmpty {
            if let hours = Double(reassign), (0.25...400).contains(hours), hours > self.slaHours {
                self.reassignAfterHours = hours
            } else {
                errors.append(
                    ValidationError(
                        code: "invalid_value", field: "reassign_after_hours",
                        message: "leave empty, or enter more working hours than the SLA (at most 400)"))
            }
        }
        let opens = Self.minutes(opensAt)
        let closes = Self.minutes(closesAt)
        if opens == nil { errors.append(ValidationError(code: "invalid_value", field: "opens_at", message: "enter a time such as 09:00")) }
        if closes == nil {
            errors.append(ValidationError(code: "invalid_value", field: "closes_at", message: "enter a time such as 17:30"))
        }
        if let opens, let closes {
            if closes > opens {
                self.opensAt = opens
                self.closesAt = closes
            } else {
                errors.append(ValidationError(code: "invalid_value", field: "closes_at", message: "closing must come after opening"))
            }
        }
        if workdays.isEmpty || !workdays.isSubset(of: Set(1...7)) {
            errors.append(ValidationError(code: "invalid_value", field: "workdays", message: "choose at least one working day"))
        } else {
            self.workdays = workdays
        }
        do throws(ValidationErrors) {
            self.territories = try Self.territories(from: territories)
        } catch {
            errors += error.errors
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
    }

    /// Reads territories from a document: a list of `{id, name, when, reps}`.
    public static func territories(from document: JSONValue) throws(ValidationErrors) -> [Territory] {
        guard !document.isNull else { return [] }
        guard let items = document.arrayValue else {
            throw ValidationErrors([ValidationError(code: "invalid_type", field: "territories", message: "must be a list of territories")])
        }
        var errors: [ValidationError] = []
        var territories: [Territory] = []
        for (index, item) in items.enumerated() {
            let path = "territories[\(index)]"
            guard let id = item["id"]?.stringValue?.trimmed, !id.isEmpty else {
                errors.append(ValidationError(code: "missing_field", field: path + ".id", message: "is required"))
                continue
            }
            let reps = (item["reps"]?.arrayValue ?? []).compactMap { $0.stringValue?.trimmed.lowercased() }
            var conditions: [RuleCondition] = []
            for (conditionIndex, condition) in (item["when"]?.arrayValue ?? []).enumerated() {
                guard let field = condition["field"]?.stringValue, let opText = condition["op"]?.stringValue,
                    let op = ConditionOperator(rawValue: opText)
                else {
                    errors.append(
                        ValidationError(
                            code: "invalid_rule", field: "\(path).when[\(conditionIndex)]", message: "needs a field and a known op"))
                    continue
                }
                conditions.append(RuleCondition(field: field, op: op, value: condition["value"] ?? .null))
            }
            territories.append(Territory(id: id, name: item["name"]?.stringValue ?? id, when: conditions, reps: reps))
        }
        do throws(ValidationErrors) {
            _ = try LeadRouter(territories: territories)
        } catch {
            errors += error.errors
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return territories
    }

    /// The territories as a document, for the settings form.
    public var territoriesDocument: JSONValue {
        document["territories"] ?? .array([])
    }
}
