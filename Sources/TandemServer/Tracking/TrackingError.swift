import Hummingbird
import TandemCore
import TandemStore

/// An answer of the tracking API other than success, shaped as the Segment clients read it:
/// `{"success": false, "code", "message"}`. Which status a case gets decides whether the
/// client retries (5xx, 429) or drops the batch for good (4xx), so each is chosen per the spec.
struct TrackingError: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var retryAfter: Int?
    var rejected: [MessageRejection] = []

    static func invalid(_ message: String) -> TrackingError {
        TrackingError(status: .badRequest, code: "invalid_request", message: message)
    }

    static func tooLarge(_ message: String) -> TrackingError {
        TrackingError(status: .contentTooLarge, code: "too_large", message: message)
    }

    /// Storage failed: the transaction rolled back, and the client should retry.
    static let unavailable = TrackingError(
        status: .serviceUnavailable, code: "unavailable", message: "storage is unavailable; retry later", retryAfter: 5)

    /// A failure of ours, not of storage: nothing was stored, and the log has the details.
    static let `internal` = TrackingError(
        status: .internalServerError, code: "internal", message: "internal error; the server log has the details")

    static func unauthorized(_ message: String) -> TrackingError {
        TrackingError(status: .unauthorized, code: "unauthorized", message: message)
    }

    var response: Response {
        var headers: HTTPFields = [:]
        if let retryAfter {
            headers[.retryAfter] = String(retryAfter)
            // analytics.js reads this one (seconds) to schedule its retry of a 429.
            headers[TrackingCORS.rateLimitReset] = String(retryAfter)
        }
        var body: [String: JSONValue] = ["success": false, "code": .string(code), "message": .string(message)]
        if !rejected.isEmpty { body["rejected"] = TrackingController.rejectedJSON(rejected) }
        return .json(.object(body), status: status, headers: headers)
    }
}
