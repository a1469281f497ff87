import Hummingbird
import TandemCore

extension AppRequestContext {
    /// The signed-in user; without one, the person is sent to sign in and brought back here.
    func requireUser(_ request: Request) throws -> User {
        guard let user else {
            let next = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            throw WebError.signInRequired(next: request.method == .get ? next : "/", reason: sessionEnded ? "expired" : nil)
        }
        return user
    }

    /// The signed-in user, who must have `capability`.
    func requireUser(_ request: Request, _ capability: Capability) throws -> User {
        let user = try requireUser(request)
        guard user.role.can(capability) else {
            let roles = Role.having(capability).map(\.label).joined(separator: " or ")
            throw WebError.forbidden("This page is for \(roles) users. You are signed in as \(user.role.label).")
        }
        return user
    }
}
