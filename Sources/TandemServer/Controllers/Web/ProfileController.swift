import Hummingbird
import TandemCore
import TandemStore

/// The signed-in person's own page: who they are, and changing their password.
struct ProfileController {
    let users: UserStore
    let hasher: PasswordHasher
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/profile", use: show)
        router.post("/profile/password", use: changePassword)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        return await page(user, context: context, errors: [], notice: nil)
    }

    private func page(_ user: User, context: SignedInContext, errors: [ValidationError], notice: String?) async -> Response {
        let model = ProfilePage(user, notice: notice, form: FormState(FormData(""), errors: errors))
        return await renderer.render(
            Page(template: "profile", title: "Your profile", model: model, status: errors.isEmpty ? .ok : .unprocessableContent),
            context: context)
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
