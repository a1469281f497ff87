import TandemCore

/// The frame of every page: the workspace's name, the signed-in person and the navigation
/// their role allows, around the page's own HTML.
struct LayoutView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "title": \.title, "workspace": \.workspace, "body": \.body, "csrf": \.csrf, "user": \.user, "nav": \.nav,
        "unread": \.unread, "has_unread": \.hasUnread, "unread_label": \.unreadLabel,
    ]

    struct Person: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "name": \.name, "email": \.email, "role": \.role,
        ]

        let name, email, role: String
    }

    struct NavItem: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "href": \.href, "label": \.label, "current": \.current,
        ]

        let href, label: String
        let current: Bool
    }

    let title, workspace: String
    /// The page's rendered HTML, inserted unescaped (`{{{body}}}`).
    let body: String
    let csrf: String?
    let user: Person?
    let nav: [NavItem]
    /// The person's unread notifications, on the bell.
    let unread: Int
    var hasUnread: Bool { unread > 0 }
    var unreadLabel: String { unread == 0 ? "Notifications: none unread" : "Notifications: \(unread) unread" }

    init(title: String, workspace: String, body: String, csrf: String?, user: User?, section: String, unread: Int = 0) {
        (self.title, self.workspace, self.body, self.csrf, self.unread) = (title, workspace, body, csrf, unread)
        self.user = user.map { Person(name: $0.name, email: $0.email, role: $0.role.label) }
        nav = user.map { Self.navigation(for: $0.role, current: section) } ?? []
    }

    private static func navigation(for role: Role, current: String) -> [NavItem] {
        var items: [(String, String, String)] = [
            ("dashboard", "/", "Dashboard"), ("leads", "/leads", role == .sales ? "My leads" : "Leads"),
            ("accounts", "/accounts", "Accounts"),
        ]
        items.insert(("inbox", "/inbox", role == .sales ? "Inbox" : "Hand-offs"), at: 1)
        items.append(("scoring", "/scoring", "Scoring"))
        if role.can(.manageUsers) { items.append(("settings", "/settings/users", "Settings")) }
        return items.map { NavItem(href: $0.1, label: $0.2, current: $0.0 == current) }
    }
}

/// A failure, said plainly.
struct ErrorPageView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "title": \.title, "message": \.message,
    ]

    let title, message: String
}
