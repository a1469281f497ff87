import Hummingbird
import TandemCore
import TandemStore

/// What a page needs of the request that draws it: who is signed in, and the form token.
protocol PageContext: RequestContext {
    var user: User? { get }
    var csrfToken: String { get }
}

extension AppRequestContext: PageContext {
    var csrfToken: String { session?.csrfToken ?? anonymousCSRFToken ?? "" }
}

/// The request context of every page behind sign-in: the person is not optional, so a handler
/// cannot run for nobody. It can only be made from a context with a session; without one the
/// person is sent to sign in and brought back to `AppRequestContext.signInReturn`.
struct SignedInContext: ChildRequestContext, PageContext {
    var coreContext: CoreRequestContextStorage
    let session: Session
    /// The token in the session cookie, to end or keep this very session.
    let sessionToken: String?
    /// The fields of a posted form, read by `CSRFMiddleware`.
    let form: FormData?
    /// The client's address, for the audit log.
    let remoteIP: String?

    init(context: AppRequestContext) throws {
        guard let session = context.session else {
            throw WebError.signInRequired(next: context.signInReturn, reason: context.sessionEnded ? "expired" : nil)
        }
        self.coreContext = context.coreContext
        self.session = session
        self.sessionToken = context.sessionToken
        self.form = context.form
        self.remoteIP = context.remoteIP
    }

    var signedIn: User { session.user }
    var user: User? { session.user }
    var csrfToken: String { session.csrfToken }

    /// Who acts, for the audit log.
    var actor: Actor { .user(session.user.email, ip: remoteIP) }

    /// The signed-in person, who must have `capability`.
    @discardableResult
    func require(_ capability: Capability) throws -> User {
        guard signedIn.role.can(capability) else {
            let roles = Role.having(capability).map(\.label).joined(separator: " or ")
            throw WebError.forbidden("This page is for \(roles) users. You are signed in as \(signedIn.role.label).")
        }
        return signedIn
    }

    /// The lead the page's path names (`/leads/:id`); anything but a positive whole number is
    /// a page that does not exist.
    func pathLeadId() throws -> Lead.ID {
        try pathId("This lead")
    }

    /// The row the page's path names (`/settings/users/:id`); anything but a positive whole
    /// number is a page that does not exist, called `what` ("This user").
    func pathId<Entity>(_ what: String, of entity: Entity.Type = Entity.self) throws -> EntityID<Entity> {
        guard let text = parameters.get("id"), let id = EntityID<Entity>(text) else { throw WebError.notFound(what) }
        return id
    }
}
