import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// Authenticates REST calls by `Authorization: Bearer <api key>`.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let keys: APIKeyStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, code: "unauthorized", message: "send an API key as 'Authorization: Bearer KEY'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let scheme = parts.first, let secret = parts.last, scheme.lowercased() == "bearer" else {
            throw APIError(.unauthorized, code: "unauthorized", message: "the Authorization header must be 'Bearer KEY'")
        }
        guard let key = try await keys.find(secret: String(secret).trimmingCharacters(in: .whitespaces), kind: .api) else {
            throw APIError(.unauthorized, code: "unauthorized", message: "unknown or revoked API key")
        }
        var context = context
        context.apiKey = key
        return try await next(request, context)
    }
}

extension AppRequestContext {
    /// Refuses the request unless the caller's key has `capability`: the same rules as the web app's.
    @discardableResult
    func require(_ capability: Capability) throws -> Viewer {
        guard let viewer = apiKey?.viewer, viewer.role.can(capability) else {
            let roles = Role.having(capability).map(\.rawValue).joined(separator: " or ")
            throw APIError(
                .forbidden, code: "forbidden", message: "this needs the role \(roles); the key's role is \(apiKey?.role ?? "none")")
        }
        return viewer
    }

    /// What the caller's key may see; every REST route runs behind `APIKeyMiddleware`, so a key is present.
    var apiViewer: Viewer { apiKey?.viewer ?? Viewer(role: .sales, ownerEmail: nil) }
}
