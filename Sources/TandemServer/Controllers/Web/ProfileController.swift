import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// The signed-in person's own page: who they are, and changing their password.
struct ProfileController {
    let users: UserStore
    let hasher: PasswordHasher
    let settings: SettingsCache
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/profile", use: show)
        router.post("/profile/password", use: changePassword)
        router.post("/profile/time-zone", use: changeTimeZone)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        return await page(user, context: context, errors: [], notice: nil)
    }

    private func page(_ user: User, context: SignedInContext, errors: [ValidationError], notice: String?) async -> Response {
        var model = ProfilePage(user, notice: notice, form: FormState(FormData(""), errors: errors))
        model.workspaceZone = await settings.current().timeZone
        model.zones = WorkspacePage.zones(selected: user.timeZone ?? "")
        return await renderer.render(
            Page(template: "profile", title: "Your profile", model: model, status: errors.isEmpty ? .ok : .unprocessableContent),
            context: context)
    }

    /// Each person reads times in their own zone, or the workspace's.
    @Sendable func changeTimeZone(_ request: Request, context: SignedInContext) async throws -> Response {
        var user = context.signedIn
        let zone = (context.form?["time_zone"] ?? "").trimmed
        guard zone.isEmpty || TimeZone(identifier: zone) != nil else {
            throw WebError.badRequest("“\(zone.prefix(60))” is not a time zone; choose one from the list.")
        }
        user.timeZone = zone.isEmpty ? nil : zone
        try await users.setTimeZone(id: user.id, user.timeZone, by: context.actor, now: clock.now())
        let shown = user.timeZone ?? "the workspace's zone"
        return await Display.$zone.withValue(TimeZone(identifier: zone) ?? Display.zone) {
            await page(user, context: context, errors: [], notice: "Saved: pages show you times in \(shown).")
        }
    }

    /// Needs the current password, so a borrowed, unlocked laptop cannot lock its owner out.
    /// Every other session of the user ends; this one stays.
    @Sendable func changePassword(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        let form = context.form ?? FormData("")
        var errors: [ValidationError] = []
        let stored = try await users.credentials(email: user.email)
        if try await !hasher.verify(form.text("current_password"), hash: stored?.passwordHash) {
            errors.append(ValidationError(code: "wrong_password", field: "current_password", message: "the current password is wrong"))
        }
        do { try PasswordPolicy.check(form.text("password")) } catch { errors.append(error) }
        if form.text("password") != form.text("password_confirmation") {
            errors.append(ValidationError(code: "mismatch", field: "password_confirmation", message: "the two passwords differ"))
        }
        guard errors.isEmpty else { return await page(user, context: context, errors: errors, notice: nil) }
        try await users.setPassword(
            id: user.id, passwordHash: try await hasher.hash(form.text("password")), keepSession: context.sessionToken, by: context.actor,
            now: clock.now())
        return await page(user, context: context, errors: [], notice: "Your password is changed. Your other sessions are signed out.")
    }
}
