import Hummingbird
import TandemCore

/// The cookies of the web app, with the flags the security review asks for: HttpOnly always,
/// SameSite, and Secure per `TandemConfiguration.cookieSecure`.
struct WebCookies: Sendable {
    static let session = "tandem_session"
    static let csrf = "tandem_csrf"
    static let device = "tandem_device"
    let security: TandemConfiguration.CookieSecurity

    /// Whether this request's cookies should carry `Secure`.
    func isSecure(_ request: Request) -> Bool {
        switch security {
        case .always: return true
        case .never: return false
        case .auto:
            if request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https" { return true }
            let host = (request.head.authority ?? "").lowercased()
            let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
            return name == "localhost" || name == "127.0.0.1" || name == "[::1]" || name.hasSuffix(".localhost")
        }
    }

    /// SameSite=Lax: a link from an email into Tandem arrives signed in; a cross-site form does not.
    /// No Max-Age: the browser keeps it until it closes, and the server ends the session after
    /// `TANDEM_SESSION_HOURS` without use, however long the browser stays open.
    func session(_ token: String, request: Request) -> Cookie {
        Cookie(name: Self.session, value: token, path: "/", secure: isSecure(request), httpOnly: true, sameSite: .lax)
    }

    func clearSession(request: Request) -> Cookie {
        Cookie(name: Self.session, value: "", maxAge: 0, path: "/", secure: isSecure(request), httpOnly: true, sameSite: .lax)
    }

    /// A browser someone has signed in from (see `SignInThrottle`): kept for a year.
    func device(_ token: String, request: Request) -> Cookie {
        Cookie(
            name: Self.device, value: token, maxAge: TimeSpan.days(365).clampedInt, path: "/sign-in", secure: isSecure(request),
            httpOnly: true,
            sameSite: .strict)
    }

    /// The double-submit token of the sign-in and set-up forms, before any session exists.
    func csrf(_ token: String, request: Request) -> Cookie {
        Cookie(name: Self.csrf, value: token, path: "/", secure: isSecure(request), httpOnly: true, sameSite: .strict)
    }
}
