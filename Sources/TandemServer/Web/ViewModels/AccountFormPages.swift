import TandemCore

/// Sign-in: where to go after it, why the person is here again, and a refused attempt's error.
struct SignInPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "next": \.next, "notice": \.notice, "email": \.email, "error": \.error,
    ]

    let next: String
    var notice: String?
    var email: String?
    var error: String?
}

/// The first admin's set-up form.
struct SetupPage: TemplateModel {
    static let fields: TemplateFields<Self> = [:]

    let form: FormState

    func child(named name: String) -> Any? { form.child(named: name) }
}

/// The signed-in person's profile and their password form.
struct ProfilePage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "name": \.name, "email": \.email, "role": \.role, "team": \.team, "notice": \.notice, "zones": \.zones,
        "workspace_zone": \.workspaceZone,
    ]

    let name, email, role, team: String
    let notice: String?
    let form: FormState
    /// Every zone, the person's own selected; "" (the workspace's) when they have none.
    var zones: [FilterOption] = []
    var workspaceZone = ""

    init(_ user: User, notice: String?, form: FormState) {
        name = user.name
        email = user.email
        role = user.role.label
        team = user.team ?? "—"
        self.notice = notice
        self.form = form
    }

    func child(named name: String) -> Any? { field(named: name) ?? form.child(named: name) }
}
