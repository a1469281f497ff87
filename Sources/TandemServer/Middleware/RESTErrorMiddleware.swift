import Hummingbird
import Logging
import NIOCore
import TandemCore
import TandemStore

/// Gives every failure under `/api/` the documented JSON shape (an unknown path included), and
/// logs the ones that are ours (5xx) with the request id; an unmapped error would otherwise be
/// a bare 500. Other paths pass through untouched: the tracking API answers in its own shape.
struct RESTErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
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
