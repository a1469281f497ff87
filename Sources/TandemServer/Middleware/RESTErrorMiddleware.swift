import Hummingbird
import Logging
import NIOCore
import TandemCore
import TandemStore

/// The REST API group's error middleware: every failure of a `/api/v1` route (an unknown path
/// under it included, through the group's catch-all) gets the documented JSON shape, and the
/// ones that are ours (5xx) are logged with the request id; an unmapped error would otherwise
/// be a bare 500. The tracking API and the web app have their own.
struct RESTErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as any DomainError {
            throw APIError(error)
        } catch let error as ValidationProblems {
            throw error
        } catch let errors as ValidationErrors {
            throw ValidationProblems(errors)
        } catch let error as HTTPError {
            let code = error.status == .contentTooLarge ? "too_large" : error.status == .notFound ? "not_found" : "http_error"
            throw APIError(error.status, code: code, message: error.body ?? error.status.reasonPhrase)
        } catch let error as NIOTooManyBytesError {
            let limit = error.maxBytes.map { " of \($0 / 1024) KiB" } ?? ""
            throw APIError(.contentTooLarge, code: "too_large", message: "the request body is over the limit\(limit)")
        } catch DatabaseError.unavailable(let why) {
            context.logger.error("storage unavailable", metadata: ["error": "\(why)"])
            throw APIError(.serviceUnavailable, code: "unavailable", message: "storage is unavailable; retry later")
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, code: "internal", message: "internal error; the server log has the details")
        }
    }
}
