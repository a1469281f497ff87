import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// The admin's pages: users, API and write keys, workspace settings, and the audit log.
struct SettingsController {
    let users: UserStore
    let keys: APIKeyStore
    let settings: SettingStore
    let settingsCache: SettingsCache
    let audit: AuditTrail
    let hasher: PasswordHasher
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/settings", use: workspace)
        router.post("/settings", use: saveWorkspace)
        router.get("/settings/users", use: userList)
        router.post("/settings/users", use: createUser)
        router.post("/settings/users/:id", use: updateUser)
        router.get("/settings/users/:id/password", use: passwordPage)
        router.post("/settings/users/:id/password", use: setPassword)
        router.get("/settings/keys", use: keyList)
        router.post("/settings/keys", use: createKey)
        router.post("/settings/keys/:id/revoke", use: revokeKey)
        router.get("/settings/audit", use: auditLog)
    }

    private func render(
        _ template: String, _ title: String, _ model: some TemplateModel, status: HTTPResponse.Status = .ok, context: SignedInContext
    ) async -> Response {
        await renderer.render(Page(template: template, title: title, model: model, status: status, section: "settings"), context: context)
    }

    // MARK: Users

    @Sendable func userList(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageUsers)
        return try await usersPage(context: context, form: nil, errors: [])
    }

    private func usersPage(context: SignedInContext, form: FormData?, errors: [ValidationError], notice: String? = nil) async throws
        -> Response
    {
        let model = UsersPage(
            users: try await users.list().map { UsersPage.Row($0, viewer: context.user?.id) },
            roles: RoleOption.all(selected: form?["role"] ?? "sales"), notice: notice,
            form: FormState(form ?? FormData(""), errors: errors))
        return await render("users", "Users", model, status: errors.isEmpty ? .ok : .unprocessableContent, context: context)
    }

    @Sendable func createUser(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageUsers)
        let form = context.form ?? FormData("")
        var errors: [ValidationError] = []
        var input: UserInput?
        do { input = try UserInput(email: form.text("email"), name: form.text("name"), role: form.text("role"), team: form["team"]) } catch
        {
            errors += error.errors
        }
        do { try PasswordPolicy.check(form.text("password")) } catch { errors.append(error) }
        if errors.isEmpty, let input {
            do {
                let user = try await users.create(
                    input, passwordHash: try await hasher.hash(form.text("password")), by: context.actor, now: clock.now())
                return try await usersPage(
                    context: context, form: nil, errors: [], notice: "\(user.name) can now sign in as \(user.email).")
            } catch let error as ValidationError { errors.append(error) }
        }
        return try await usersPage(context: context, form: form, errors: errors)
    }

    @Sendable func updateUser(_ request: Request, context: SignedInContext) async throws -> Response {
        let admin = try context.require(.manageUsers)
        let id = try context.pathId("This user", of: User.self)
        let form = context.form ?? FormData("")
        let role: Role
        do { role = try Role.parse(form.text("role")) } catch let error as ValidationError {
            return try await usersPage(context: context, form: nil, errors: [error])
        }
        let disabled = form.isChecked("disabled")
        if id == admin.id, role != .admin || disabled {
            throw WebError.forbidden("You cannot take away your own admin role or disable yourself; ask another admin.")
        }
        guard
            let user = try await users.update(
                id: id, role: role, team: form["team"], disabled: disabled, teamLead: form.isChecked("team_lead"), by: context.actor,
                now: clock.now())
        else {
            throw WebError.notFound("User \(id)")
        }
        return try await usersPage(context: context, form: nil, errors: [], notice: "Saved \(user.name).")
    }

    /// An admin sets a new password for someone who lost theirs; their sessions end.
    @Sendable func passwordPage(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageUsers)
        let user = try await userFromPath(context)
        return await passwordForm(user, context: context, errors: [])
    }

    @Sendable func setPassword(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageUsers)
        let user = try await userFromPath(context)
        let form = context.form ?? FormData("")
        do { try PasswordPolicy.check(form.text("password")) } catch {
            return await passwordForm(user, context: context, errors: [error])
        }
        let keep = user.id == context.user?.id ? context.sessionToken : nil
        try await users.setPassword(
            id: user.id, passwordHash: try await hasher.hash(form.text("password")), keepSession: keep, by: context.actor, now: clock.now())
        return try await usersPage(
            context: context, form: nil, errors: [], notice: "\(user.name) has a new password; their other sessions are signed out.")
    }

    private func userFromPath(_ context: SignedInContext) async throws -> User {
        guard let user = try await users.get(id: try context.pathId("This user")) else { throw WebError.notFound("This user") }
        return user
    }

    private func passwordForm(_ user: User, context: SignedInContext, errors: [ValidationError]) async -> Response {
        let model = UserPasswordPage(id: user.id, name: user.name, email: user.email, form: FormState(FormData(""), errors: errors))
        return await render(
            "user_password", "Set a password", model, status: errors.isEmpty ? .ok : .unprocessableContent, context: context)
    }

    // MARK: Keys

    @Sendable func keyList(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageKeys)
        return try await keysPage(context: context)
    }

    private func keysPage(
        context: SignedInContext, form: FormData? = nil, errors: [ValidationError] = [], created: (APIKey, String)? = nil,
        notice: String? = nil
    ) async throws -> Response {
        var model = KeysPage(
            keys: try await keys.list().map(KeysPage.Row.init), roles: RoleOption.all(selected: form?["role"] ?? "admin"),
            kindIsAPI: form?["kind"] == "api", created: created.map { KeysPage.Created(name: $0.0.name, secret: $0.1) },
            form: FormState(form ?? FormData(""), errors: errors))
        model.notice = notice
        return await render("keys", "Keys", model, status: errors.isEmpty ? .ok : .unprocessableContent, context: context)
    }

    @Sendable func createKey(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageKeys)
        let form = context.form ?? FormData("")
        guard let kind = KeyKind(rawValue: form.text("kind")) else {
            return try await keysPage(
                context: context, form: form,
                errors: [ValidationError(code: "invalid_value", field: "kind", message: "choose a write key or an API key")])
        }
        // A sales key acts for one rep: it must be someone who exists, is a rep, and may sign in.
        if kind == .api, form.text("role") == Role.sales.rawValue, let owner = form["owner"]?.trimmed, !owner.isEmpty {
            let reps = try await users.list().filter { $0.role == .sales && !$0.disabled }
            guard reps.contains(where: { $0.email.lowercased() == owner.lowercased() }) else {
                let error = ValidationError(
                    code: "invalid_value", field: "owner",
                    message: "no active sales rep has the email \(owner.prefix(200)); add them under Users first")
                return try await keysPage(context: context, form: form, errors: [error])
            }
        }
        do {
            let created = try await keys.create(
                kind: kind, name: form.text("key_name"), role: kind == .write ? "admin" : form.text("role"), ownerEmail: form["owner"],
                by: context.actor, now: clock.now())
            return try await keysPage(context: context, created: created)
        } catch let error as ValidationError {
            let named = error.field == "name" ? ValidationError(code: error.code, field: "key_name", message: error.message) : error
            return try await keysPage(context: context, form: form, errors: [named])
        }
    }

    @Sendable func revokeKey(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageKeys)
        let id = try context.pathId("This key", of: APIKey.self)
        let name = try await keys.list().first { $0.id == id }?.name
        guard try await keys.revoke(id: id, by: context.actor, now: clock.now()), let name else { throw WebError.notFound("Key \(id)") }
        return try await keysPage(context: context, notice: "The key “\(name)” is revoked: requests that use it are refused from now on.")
    }

    // MARK: Workspace

    @Sendable func workspace(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageSettings)
        let current = try await settings.load()
        var model = WorkspacePage(
            workspaceName: current.workspaceName, timeZone: current.timeZone, form: .empty,
            zones: WorkspacePage.zones(selected: current.timeZone))
        if request.query["saved"] != nil { model.saved = "Saved: pages show times in \(current.timeZone)." }
        return await render("settings", "Workspace", model, context: context)
    }

    @Sendable func saveWorkspace(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageSettings)
        let form = context.form ?? FormData("")
        do {
            let changed = try WorkspaceSettings(workspaceName: form.text("workspace_name"), timeZone: form.text("time_zone"))
            try await settings.save(changed, by: context.actor, now: clock.now())
            await settingsCache.invalidate()
            return Response.redirect(to: "/settings?saved=1", type: .normal)
        } catch let errors as ValidationErrors {
            return await render(
                "settings", "Workspace",
                WorkspacePage(
                    workspaceName: nil, timeZone: nil, form: FormState(form, errors: errors.errors),
                    zones: WorkspacePage.zones(selected: form.text("time_zone"))),
                status: .unprocessableContent, context: context)
        }
    }

    // MARK: Audit log

    @Sendable func auditLog(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.readAuditLog)
        let query = request.query
        func text(_ name: String) -> String? { query[name].map(\.trimmed).flatMap { $0.isEmpty ? nil : String($0.prefix(300)) } }
        var filter = AuditFilter()
        filter.limit = 51
        if let text = text("before") {
            guard let id = StoredAuditEntry.ID(text) else { throw WebError.badRequest("'\(text)' is not a position in the log.") }
            filter.beforeId = id
        }
        filter.actor = text("actor")
        if let area = text("area") {
            guard AuditPage.areas.contains(where: { $0.code == area }) else { throw WebError.badRequest("There is no kind '\(area)'.") }
            filter.area = area
        }
        func day(_ name: String) throws -> Double? {
            guard let value = text(name) else { return nil }
            guard let start = Timestamp.parse(value + "T00:00:00Z") else {
                throw WebError.badRequest("'\(value)' is not a date as YYYY-MM-DD.")
            }
            return start
        }
        filter.since = try day("from")
        filter.until = try day("to").map { $0 + TimeSpan.day }
        let entries = try await audit.list(filter)
        let shown = entries.prefix(50)
        var link = URLComponents()
        link.path = "/settings/audit"
        let kept = [("actor", filter.actor), ("area", filter.area), ("from", text("from")), ("to", text("to"))]
        let older =
            entries.count > 50
            ? shown.last.map { last in
                link.queryItems =
                    kept.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
                    + [URLQueryItem(name: "before", value: last.id.description)]
                return link.string ?? "/settings/audit"
            } : nil
        let names = try await LeadPagesController.ownerNames(users)
        let actors = try await audit.actors()
        let model = AuditPage(
            entries: shown.map { AuditPage.Row($0, names: names) }, older: older,
            actors: actors.map { FilterOption(value: $0, label: DisplayNames.actor($0, names: names), selected: $0 == filter.actor) },
            areas: AuditPage.areas.map { FilterOption(value: $0.code, label: $0.label, selected: $0.code == filter.area) },
            from: text("from") ?? "", to: text("to") ?? "",
            filtered: filter.actor != nil || filter.area != nil || filter.since != nil || filter.until != nil)
        return await render("audit", "Audit log", model, context: context)
    }
}
