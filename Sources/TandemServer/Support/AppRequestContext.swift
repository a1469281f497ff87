import Hummingbird
import NIOCore
import TandemCore
import TandemStore

/// The request context of every route: who is calling (an API key or a signed-in person) and
/// what a web form sent.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The API key of a REST request, set by `APIKeyMiddleware`.
    public var apiKey: APIKey?
    /// The signed-in person's session, set by `SessionMiddleware`.
    public var session: Session?
    /// The token in the session cookie, to end or keep this very session.
    public var sessionToken: String?
    /// True when the browser sent a session cookie that no longer opens a session (expired,
    /// signed out elsewhere, or tampered with).
    public var sessionEnded = false
    /// The fields of a posted web form, read once by `CSRFMiddleware`.
    public var form: FormData?
    /// The token the sign-in and set-up forms carry before there is a session.
    public var anonymousCSRFToken: String?
    /// The client's address, for the audit log and sign-in throttling.
    public let remoteIP: String?
    /// Where sign-in brings the person back to: this page for a GET, else the dashboard.
    var signInReturn = "/"

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteIP = source.channel.remoteAddress?.ipAddress
    }

    /// Imports carry whole CSV files; every other route reads far less and says so itself.
    public var maxUploadSize: Int { 256 * 1024 * 1024 }

    /// The signed-in user, if any.
    public var user: User? { session?.user }

    /// Who acts, for the audit log.
    var actor: Actor {
        if let user { return .user(user.email, ip: remoteIP) }
        if let apiKey { return .apiKey(apiKey.name, ip: remoteIP) }
        return .setup(ip: remoteIP)
    }
}
