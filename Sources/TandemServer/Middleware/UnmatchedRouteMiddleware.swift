import Hummingbird

/// The answer for a request no route matched. Each group answers its own routes' failures (the
/// web pages, the REST API with its catch-all, tracking); what reaches the router's level is a
/// path none of them has. A browser navigating there gets the HTML "not found" page; any other
/// client gets Hummingbird's bare 404, as a tracking SDK or a health probe expects.
struct UnmatchedRouteMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: WebErrorMiddleware

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && Self.wantsPage(request) {
            return try await pages.handle(request, context: context) { _, _ in throw error }
        }
    }

    /// Browsers name `text/html` in the `Accept` of a navigation; API clients and SDKs do not.
    static func wantsPage(_ request: Request) -> Bool {
        request.headers[values: .accept].contains { $0.lowercased().contains("text/html") }
    }
}
