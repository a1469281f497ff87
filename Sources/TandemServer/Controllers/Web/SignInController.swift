import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// First-admin set-up, sign-in and sign-out.
struct SignInController {
    let users: UserStore
    let sessions: SessionStore
    let audit: AuditTrail
    let hasher: PasswordHasher
    let throttle: SignInThrottle
    let devices: TrustedDeviceStore
    let cookies: WebCookies
    let renderer: PageRenderer
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/setup", use: setupPage)
        router.post("/setup", use: setup)
        router.get("/sign-in", use: signInPage)
        router.post("/sign-in", use: signIn)
        router.post("/sign-out", use: signOut)
    }

    // MARK: First admin

    /// Shown only while no user exists; afterwards the page says so and links to sign-in.
    @Sendable func setupPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await users.count() == 0 else { throw Self.setupDone }
        return await renderer.render(Page(template: "setup", title: "Set up Tandem", model: SetupPage(form: .empty)), context: context)
    }

    @Sendable func setup(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await users.count() == 0 else { throw Self.setupDone }
        let form = context.form ?? FormData("")
        var errors: [ValidationError] = []
        var input: UserInput?
        do {
            input = try UserInput(email: form.text("email"), name: form.text("name"), role: Role.admin.rawValue, team: form["team"])
        } catch { errors += error.errors }
        do { try PasswordPolicy.check(form.text("password")) } catch { errors.append(error) }
        if form.text("password") != form.text("password_confirmation") {
            errors.append(ValidationError(code: "mismatch", field: "password_confirmation", message: "the two passwords differ"))
        }
        guard errors.isEmpty, let input else {
            return await renderer.render(
                Page(
                    template: "setup", title: "Set up Tandem", model: SetupPage(form: FormState(form, errors: errors)),
                    status: .unprocessableContent),
                context: context)
        }
        let hash = try await hasher.hash(form.text("password"))
        guard let user = try await users.createFirstAdmin(input, passwordHash: hash, by: context.actor, now: clock.now()) else {
            throw Self.setupDone
        }
        return try await startSession(for: user, request: request, context: context, next: "/")
    }

    static let setupDone = WebError(
        status: .forbidden, title: "Already set up", message: "Tandem already has users. Sign in, or ask an admin for an account.")

    // MARK: Sign-in and sign-out

    @Sendable func signInPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.user != nil { return Response.redirect(to: "/", type: .normal) }
        if try await users.count() == 0 { return Response.redirect(to: "/setup", type: .normal) }
        var model = SignInPage(next: Self.safeNext(request.query.get("next")))
        switch request.query.get("reason") {
        case "expired": model.notice = "Your session ended. Sign in again to continue."
        case "signed-out": model.notice = "You are signed out."
        default: break
        }
        if context.sessionEnded, model.notice == nil { model.notice = "Your session ended. Sign in again to continue." }
        return await renderer.render(Page(template: "sign_in", title: "Sign in", model: model), context: context)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = context.form ?? FormData("")
        let email = form.text("email").trimmed
        let next = Self.safeNext(form["next"])
        func again(_ message: String, status: HTTPResponse.Status, headers: HTTPFields = [:]) async -> Response {
            var response = await renderer.render(
                Page(
                    template: "sign_in", title: "Sign in", model: SignInPage(next: next, email: email, error: message), status: status),
                context: context)
            for field in headers { response.headers.append(field) }
            return response
        }
        let deviceToken = request.cookies[WebCookies.device]?.value ?? ""
        let trusted = try await devices.isTrusted(token: deviceToken, email: email)
        let attempt: SignInThrottle.Attempt
        switch try await throttle.begin(email: email, address: context.remoteIP, trustedDevice: trusted, now: clock.now()) {
        case .success(let counted): attempt = counted
        case .failure(let wait):
            let minutes = (wait.seconds / 60).rounded(.up).clampedInt
            return await again(
                "Too many failed sign-ins. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").", status: .tooManyRequests,
                headers: [.retryAfter: String(wait.seconds.rounded(.up).clampedInt)])
        }
        let found = try await users.credentials(email: email)
        let matches = try await hasher.verify(form.text("password"), hash: found?.passwordHash)
        guard matches, let user = found?.user, !user.disabled else {
            return await again("The email or the password is wrong.", status: .unauthorized)
        }
        try await throttle.succeeded(attempt)
        var response = try await startSession(for: user, request: request, context: context, next: next)
        if !trusted {
            let token = try await devices.trust(email: email, now: clock.now())
            response.setCookie(cookies.device(token, request: request))
        }
        return response
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let token = context.sessionToken {
            try await sessions.delete(token: token)
        }
        var response = Response.redirect(to: "/sign-in?reason=signed-out", type: .normal)
        response.setCookie(cookies.clearSession(request: request))
        return response
    }

    /// A fresh session on every sign-in, so a token planted before sign-in is worthless.
    private func startSession(for user: User, request: Request, context: AppRequestContext, next: String) async throws -> Response {
        if let old = context.sessionToken { try await sessions.delete(token: old) }
        let (token, _) = try await sessions.create(
            for: user, userAgent: request.headers[.userAgent], ip: context.remoteIP, now: clock.now())
        try await audit.append(
            Actor.user(user.email, ip: context.remoteIP).entry("user.signed_in", "user", user.id.description, "signed in"), now: clock.now()
        )
        var response = Response.redirect(to: next, type: .normal)
        response.setCookie(cookies.session(token, request: request))
        return response
    }

    /// Only a path on this site: `//evil.example` and `https://…` would send the person away.
    /// `next` when it is a path on this site, else "/". Browsers drop tabs and newlines from
    /// URLs and read `\\` as `/`, so "/\t/evil.example" would leave the site: any control
    /// character, space or backslash, and a second leading slash, send people home instead.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), next.utf8.count <= 2000,
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" && !$0.properties.isWhitespace })
        else { return "/" }
        return next
    }
}
