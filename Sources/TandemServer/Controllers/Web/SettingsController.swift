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
        _ template: String, _ title: String, _ data: [String: Any], status: HTTPResponse.Status = .ok, tab: String,
        context: SignedInContext
    ) async -> Response {
        var data = data
        data["tabs"] = SettingsTabs.tabs(current: tab)
        return await renderer.render(
            Page(template: template, title: title, data: data, status: status, section: "settings"), context: context)
    }

    // MARK: Users

    @Sendable func userList(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageUsers)
        return try await usersPage(context: context, form: nil, errors: [])
    }

    private func usersPage(context: SignedInContext, form: FormData?, errors: [ValidationError], notice: String? = nil) async throws
        -> Response
    {
        let all = try await users.list()
        var data: [String: Any] = [
            "users": all.map { user in
                [
                    "id": user.id, "name": user.name, "email": user.email, "role": user.role.label, "team": user.team ?? "",
                    "disabled": user.disabled, "is_self": user.id == context.user?.id,
                    "roles": Role.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == user.role] },
                ] as [String: Any]
            },
            "roles": Role.allCases.map {
                ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == (form?["role"] ?? "sales")]
            },
        ]
        if let form { data.merge(FormView.values(form, errors: errors)) { _, typed in typed } }
        if let notice { data["notice"] = notice }
        return await render("users", "Users", data, status: errors.isEmpty ? .ok : .unprocessableContent, tab: "users", context: context)
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
        guard let text = context.parameters.get("id"), let id = Int64(text) else { throw WebError.notFound("This user") }
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
                id: id, role: role, team: form["team"], disabled: disabled, by: context.actor, now: clock.now())
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
        guard let text = context.parameters.get("id"), let id = Int64(text), let user = try await users.get(id: id) else {
            throw WebError.notFound("This user")
        }
        return user
    }

    private func passwordForm(_ user: User, context: SignedInContext, errors: [ValidationError]) async -> Response {
        var data: [String: Any] = ["id": user.id, "name": user.name, "email": user.email]
        data.merge(FormView.values(FormData(""), errors: errors)) { current, _ in current }
        return await render(
            "user_password", "Set a password", data, status: errors.isEmpty ? .ok : .unprocessableContent, tab: "users", context: context)
    }

    // MARK: Keys

    @Sendable func keyList(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageKeys)
        return try await keysPage(context: context)
    }

    private func keysPage(
        context: SignedInContext, form: FormData? = nil, errors: [ValidationError] = [], created: (APIKey, String)? = nil
    ) async throws -> Response {
        let all = try await keys.list()
        var data: [String: Any] = [
            "keys": all.map { key in
                [
                    "id": key.id, "name": key.name, "kind": key.kind == .write ? "Write key" : "API key",
                    "role": key.kind == .write ? "—" : (Role(rawValue: key.role)?.label ?? key.role), "owner": key.ownerEmail ?? "",
                    "prefix": key.prefix, "created": Display.date(key.createdAt),
                ] as [String: Any]
            },
            "roles": Role.allCases.map {
                ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == (form?["role"] ?? "admin")]
            },
            "empty": all.isEmpty, "kind_is_api": form?["kind"] == "api",
        ]
        if let form { data.merge(FormView.values(form, errors: errors)) { _, typed in typed } }
        if let (key, secret) = created { data["created"] = ["name": key.name, "secret": secret] }
        return await render("keys", "Keys", data, status: errors.isEmpty ? .ok : .unprocessableContent, tab: "keys", context: context)
    }

    @Sendable func createKey(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageKeys)
        let form = context.form ?? FormData("")
        guard let kind = KeyKind(rawValue: form.text("kind")) else {
            return try await keysPage(
                context: context, form: form,
                errors: [ValidationError(code: "invalid_value", field: "kind", message: "choose a write key or an API key")])
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
        guard let text = context.parameters.get("id"), let id = Int64(text) else { throw WebError.notFound("This key") }
        guard try await keys.revoke(id: id, by: context.actor, now: clock.now()) else { throw WebError.notFound("Key \(id)") }
        return Response.redirect(to: "/settings/keys", type: .normal)
    }

    // MARK: Workspace

    @Sendable func workspace(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageSettings)
        let current = try await settings.load()
        return await render(
            "settings", "Workspace", ["workspace_name": current.workspaceName, "time_zone": current.timeZone], tab: "workspace",
            context: context)
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
                "settings", "Workspace", FormView.values(form, errors: errors.errors), status: .unprocessableContent, tab: "workspace",
                context: context)
        }
    }

    // MARK: Audit log

    @Sendable func auditLog(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.readAuditLog)
        var before: Int64?
        if let text = request.query.get("before") {
            guard let id = Int64(text), id > 0 else { throw WebError.badRequest("'\(text)' is not a position in the log.") }
            before = id
        }
        let entries = try await audit.list(beforeId: before, limit: 51)
        let shown = entries.prefix(50)
        var data: [String: Any] = [
            "entries": shown.map { stored in
                [
                    "at": Display.dateTime(stored.at), "actor": stored.entry.actor, "action": stored.entry.action,
                    "subject": [stored.entry.subjectType, stored.entry.subjectId].compactMap { $0 }.joined(separator: " "),
                    "summary": stored.entry.summary, "ip": stored.entry.ip ?? "",
                ]
            },
            "empty": shown.isEmpty,
        ]
        if entries.count > 50, let last = shown.last { data["older"] = "/settings/audit?before=\(last.id)" }
        return await render("audit", "Audit log", data, tab: "audit", context: context)
    }
}
