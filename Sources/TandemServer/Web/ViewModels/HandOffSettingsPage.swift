import TandemCore
import TandemStore

/// The hand-off settings: the SLA and its working hours, the territories, and each rep's share
/// of the routing. A refused form shows what was typed, and each error beside its field
/// (`NAME_error`; the territories' errors beside the territories).
struct HandOffSettingsPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "tabs": \.tabs, "notice": \.notice, "time_zone": \.timeZone, "sla_hours": \.slaHours,
        "reassign_after_hours": \.reassignAfterHours, "opens_at": \.opensAt, "closes_at": \.closesAt,
        "territories": \.territories, "days": \.days, "reps": \.reps, "has_errors": \.hasErrors,
    ]

    struct Day: TemplateModel {
        static let fields: TemplateFields<Self> = ["value": \.value, "label": \.label, "checked": \.checked]

        let value: Int
        let label: String
        let checked: Bool
    }

    struct Rep: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "email": \.email, "name": \.name, "weight": \.weight, "available": \.available, "capacity": \.capacity,
            "today": \.today,
        ]

        let email, name: String
        let weight: Int
        let available: Bool
        /// Empty for no daily limit.
        let capacity: String
        let today: Int

        init(_ rep: RepSettings) {
            email = rep.email
            name = rep.name
            weight = rep.weight
            available = rep.available
            capacity = rep.dailyCapacity.map(String.init) ?? ""
            today = rep.assignedToday
        }
    }

    let tabs = SettingsTabs.tabs(current: "handoff")
    let notice: String?
    let timeZone, slaHours, reassignAfterHours, opensAt, closesAt, territories: String
    let days: [Day]
    let reps: [Rep]
    /// Messages by template name (`sla_hours_error`, `rep_error`).
    let errors: [String: String]
    var hasErrors: Bool { !errors.isEmpty }

    func child(named name: String) -> Any? { field(named: name) ?? errors[name] }
}
