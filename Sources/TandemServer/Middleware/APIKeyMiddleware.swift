import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// Authenticates REST calls by `Authorization: Bearer <api key>`; the routes behind it run with
/// an `APIRequestContext`, made only from a context that holds the key.
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
