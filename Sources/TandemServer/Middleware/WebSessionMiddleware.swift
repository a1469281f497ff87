import Hummingbird
import TandemCore
import TandemStore

/// Recognises the signed-in person from the session cookie. A cookie that opens no session
/// (expired, tampered, signed out) is cleared, and pages that need a person then send them to
/// sign in with a word about why.
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SessionStore
    let cookies: WebCookies
    let renderer: PageRenderer
    let clock: any WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.method == .get { context.signInReturn = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "") }
        guard let token = request.cookies[WebCookies.session]?.value, !token.isEmpty else {
            return try await next(request, context)
        }
        if let session = try await sessions.find(token: token, now: clock.now()) {
            context.session = session
            context.sessionToken = token
            do {
                return try await next(request, context)
            } catch let error as WebError where error.redirect == nil {
                // Drawn here, where the person is known, so the page keeps its navigation.
                return await renderer.errorPage(error, context: context)
            }
        }
        context.sessionEnded = true
        do {
            var response = try await next(request, context)
            response.setCookie(cookies.clearSession(request: request))
            return response
        } catch var error as WebError {
            error.headers[.setCookie] = cookies.clearSession(request: request).description
            throw error
        }
    }
}

/// Guards every state-changing form against cross-site request forgery: the form must carry the
/// session's token (signed in) or the token of the `tandem_csrf` cookie (signing in, set-up).
/// It also reads the form body once for the handler.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let cookies: WebCookies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let cookieToken = request.cookies[WebCookies.csrf].map(\.value).flatMap { Self.isWellFormed($0) ? $0 : nil }
        if request.method == .get || request.method == .head {
            guard context.session == nil else { return try await next(request, context) }
            let token = cookieToken ?? APIKeyStore.newToken()
            context.anonymousCSRFToken = token
            var response = try await next(request, context)
            if cookieToken == nil { response.setCookie(cookies.csrf(token, request: request)) }
            return response
        }
        // Signing out without a session changes nothing, so an expired page's button just leads to sign-in.
        if request.uri.path == "/sign-out", context.session == nil {
            return Response.redirect(to: "/sign-in", type: .normal)
        }
        // A file upload's body is the handler's to read, bounded by its own limit; its form
        // carries the token in the address it posts to instead.
        if Self.uploadPaths.contains(request.uri.path), request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
        {
            let expected = context.session?.csrfToken ?? cookieToken
            guard let expected, let sent = request.query["_csrf"], Self.constantTimeEqual(sent, expected) else {
                throw Self.expired
            }
            context.anonymousCSRFToken = cookieToken
            return try await next(request, context)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: FormData.maximumBytes)
        } catch {
            throw WebError(status: .contentTooLarge, title: "Form too large", message: "The form sent more than 64 KB.")
        }
        let form = FormData(String(buffer: body))
        let expected = context.session?.csrfToken ?? cookieToken
        guard let expected, let sent = form["_csrf"], Self.constantTimeEqual(sent, expected) else { throw Self.expired }
        context.form = form
        context.anonymousCSRFToken = cookieToken
        return try await next(request, context)
    }

    /// The pages that take a file (`multipart/form-data`).
    static let uploadPaths: Set<String> = ["/leads/import"]

    static let expired = WebError(
        status: .forbidden, title: "Form expired",
        message: "This form could not be verified: it is older than your session, or it came from another site. "
            + "Go back, reload the page and send it again. Nothing was changed.")

    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
    }

    /// Compares without stopping at the first difference, so timing does not reveal the token.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
