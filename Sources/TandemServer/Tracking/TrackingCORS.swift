import HTTPTypes
import Hummingbird

/// Cross-origin rules of the tracking API. Segment's analytics.js runs on the company's own
/// website and posts to Tandem from there, so every `/v1` answer names the page's origin:
/// without it the browser rejects the fetch, and analytics.js keeps retrying from
/// localStorage. Reflecting the origin is safe here: the tracking API reads no cookies and
/// answers nothing secret; which origins may *send* with a write key is the key's
/// `allowedOrigins` (any, by default), checked by the controller.
enum TrackingCORS {
    static let allowOrigin = HTTPField.Name("Access-Control-Allow-Origin")!
    static let allowMethods = HTTPField.Name("Access-Control-Allow-Methods")!
    static let allowHeaders = HTTPField.Name("Access-Control-Allow-Headers")!
    static let exposeHeaders = HTTPField.Name("Access-Control-Expose-Headers")!
    static let maxAge = HTTPField.Name("Access-Control-Max-Age")!
    static let vary = HTTPField.Name("Vary")!
    static let rateLimitReset = HTTPField.Name("X-RateLimit-Reset")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    /// Adds the CORS headers for a request from `origin` (none when the request has no Origin).
    static func apply(origin: String?, to response: inout Response) {
        guard let origin, !origin.isEmpty, origin.utf8.count <= 300 else { return }
        response.headers[allowOrigin] = origin
        response.headers[vary] = "Origin"
        response.headers[exposeHeaders] = "Retry-After, X-RateLimit-Reset"
    }

    /// The answer to a preflight `OPTIONS` request.
    static func preflight(origin: String?) -> Response {
        var response = Response(status: .noContent)
        apply(origin: origin, to: &response)
        response.headers[allowMethods] = "POST, GET, OPTIONS"
        response.headers[allowHeaders] = "Content-Type, Authorization, Content-Encoding"
        response.headers[maxAge] = "86400"
        return response
    }
}
