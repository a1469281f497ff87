import Hummingbird
import Logging
import TandemCore
import TandemStore

/// The browser group's error middleware: every failure of a web page or asset is answered with
/// an HTML page, and every answer gets the browser security headers. The REST API and tracking
/// groups answer in JSON with their own; a path no group has is `UnmatchedRouteMiddleware`'s.
struct WebErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as WebError {
            response = await page(for: error, context: context)
        } catch let error as ValidationError {
            response = await page(for: .badRequest(error.description), context: context)
        } catch let error as any DomainError {
            response = await page(for: WebError(error), context: context)
        } catch let error as HTTPError {
            let title = error.status == .notFound ? "Not found" : error.status.reasonPhrase
            let message = error.status == .notFound ? "There is no page at \(request.uri.path)." : (error.body ?? error.status.reasonPhrase)
            response = await page(for: WebError(status: error.status, title: title, message: message), context: context)
        } catch DatabaseError.unavailable(let why) {
            context.logger.error("storage unavailable", metadata: ["error": "\(why)"])
            var unavailable = WebError(
                status: .serviceUnavailable, title: "Unavailable", message: "The database is unavailable. Try again in a moment.")
            unavailable.headers[.retryAfter] = "5"
            response = await page(for: unavailable, context: context)
        } catch {
            context.logger.error("page failed", metadata: ["error": "\(String(reflecting: error))"])
            response = await page(
                for: WebError(
                    status: .internalServerError, title: "Something went wrong",
                    message: "The page failed; the server log has the details."), context: context)
        }
        Self.addSecurityHeaders(&response.headers)
        return response
    }

    private func page(for error: WebError, context: Context) async -> Response {
        guard let location = error.redirect else { return await renderer.errorPage(error, context: context) }
        var response = Response(status: error.status, headers: [.location: location])
        for field in error.headers { response.headers.append(field) }
        return response
    }

    /// Scripts and styles only from Tandem itself, no framing, no sniffing, no referrer leaks.
    static func addSecurityHeaders(_ headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.init("Referrer-Policy")!] = "same-origin"
        headers[.init("X-Frame-Options")!] = "DENY"
    }
}
