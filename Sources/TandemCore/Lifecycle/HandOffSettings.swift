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
            workdays = Set(days.compactMap { if case .number(let day) = $0 { return Int(day) } else { return nil } })
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
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours), (0..<60).contains(minutes),
            hours * 60 + minutes <= 24 * 60
        else { return nil }
        return hours * 60 + minutes
    }

    public static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
