import Hummingbird
import TandemCore

/// An error of the REST API, answered as `{"error": {"code", "message", "field"}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let field: String?

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public var headers: HTTPFields { [:] }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try .model(ErrorDTO(error: ErrorDTO.Problem(code: code, message: message, field: field), errors: nil), status: status)
    }

    /// The answer to what the domain refused.
    init(_ error: any DomainError) {
        let status: HTTPResponse.Status
        switch error.kind {
        case .conflict: status = .conflict
        case .forbidden: status = .forbidden
        case .notFound: status = .notFound
        case .invalid: status = .unprocessableContent
        }
        self.init(status, code: error.code, message: error.message, field: error.field)
    }

    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, code: "not_found", message: "\(what) not found")
    }

    static func badParameter(_ name: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", message: message, field: name)
    }
}
