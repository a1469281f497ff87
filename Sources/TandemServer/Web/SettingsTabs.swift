/// The tabs of the settings pages, in one place for every settings controller.
enum SettingsTabs {
    static let all = [
        ("users", "/settings/users", "Users"), ("keys", "/settings/keys", "Keys"), ("workspace", "/settings", "Workspace"),
        ("handoff", "/settings/handoff", "Hand-off"), ("webhooks", "/settings/webhooks", "Webhooks"),
        ("audit", "/settings/audit", "Audit log"),
    ]

    static func tabs(current: String) -> [SettingsTab] {
        all.map { SettingsTab(key: $0.0, href: $0.1, label: $0.2, current: $0.0 == current) }
    }
}

/// One settings tab, marked when it is the page shown.
struct SettingsTab: TemplateModel {
    static let fields: TemplateFields<Self> = ["key": \.key, "href": \.href, "label": \.label, "current": \.current]

    let key, href, label: String
    let current: Bool
}
