import CompressNIO
import Foundation
import Hummingbird
import Logging
import NIOCore
import TandemCore
import TandemStore

/// The Segment-compatible tracking API: `POST /v1/identify|track|page|screen|group|alias|batch`
/// (and `/v1/import`, the older name of batch), authenticated by a write key; the short paths
/// analytics.js posts to from browsers (`/v1/t|p|i|g|a|s|b`, `text/plain` bodies with the key
/// inside), with CORS; and the settings document analytics.js loads to find Tandem.
struct TrackingController {
    let ingestor: MessageIngestor
    let keys: APIKeyStore
    let limiter: RateLimiter
    let metrics: TandemMetrics
    let clock: any WallClock
    /// Write keys seen in the last seconds, on the app's clock.
    let keyCache: WriteKeyCache

    /// The single-message paths by type: Segment's names and analytics.js's one-letter forms.
    static let paths: [(path: String, type: MessageType?)] =
        MessageType.allCases.map { ("/v1/\($0.rawValue)", $0) } + [
            ("/v1/t", .track), ("/v1/p", .page), ("/v1/i", .identify), ("/v1/g", .group), ("/v1/a", .alias), ("/v1/s", .screen),
            ("/v1/batch", nil), ("/v1/import", nil), ("/v1/b", nil),
        ]

    func addRoutes(to router: Router<AppRequestContext>) {
        for (path, type) in Self.paths {
            router.post(RouterPath(path)) { request, context in
                var response = await handle(request, context: context, impliedType: type)
                TrackingCORS.apply(origin: request.headers[.origin], to: &response)
                return response
            }
            router.on(RouterPath(path), method: .options) { request, _ in TrackingCORS.preflight(origin: request.headers[.origin]) }
        }
        router.get("/v1/projects/:writeKey/settings") { request, context in
            var response = await settings(request, context: context)
            TrackingCORS.apply(origin: request.headers[.origin], to: &response)
            return response
        }
        router.on("/v1/projects/:writeKey/settings", method: .options) { request, _ in
            TrackingCORS.preflight(origin: request.headers[.origin])
        }
    }

    /// The settings analytics.js loads from `{cdnURL}/v1/projects/{writeKey}/settings`: its
    /// "Segment.io" integration names the host and protocol it then posts to, this server.
    private func settings(_ request: Request, context: AppRequestContext) async -> Response {
        do {
            guard let secret = context.parameters.get("writeKey"), !secret.isEmpty else {
                throw TrackingError.unauthorized("unknown write key")
            }
            _ = try await authenticate(secret)
            let host = request.head.authority.flatMap(SegmentSettings.validHost) ?? "127.0.0.1"
            let forwarded = request.headers[TrackingCORS.forwardedProto]?.lowercased()
            let settings = SegmentSettings.document(writeKey: secret, host: host, secure: forwarded == "https")
            return .json(settings)
        } catch let error as TrackingError {
            return error.response
        } catch {
            return Self.failure(error, of: "settings request", context: context)
        }
    }

    private func handle(_ request: Request, context: AppRequestContext, impliedType: MessageType?) async -> Response {
        let receivedAt = clock.now()
        do {
            let headerKey = try Self.writeKey(fromAuthorization: request.headers[.authorization])
            var key = try await headerKey.asyncMap { try await authenticate($0) }
            let body = try await readBody(request)
            let root = try body.withUnsafeReadableBytes { bytes -> JSONValue in
                do { return try JSONValue.parse(bytes: bytes) } catch let error as JSONValue.ParseError {
                    throw TrackingError.invalid("the body is not valid JSON: \(error.reason) at byte \(error.offset)")
                }
            }
            guard case .object(let members) = root else { throw TrackingError.invalid("the body must be a JSON object") }
            if key == nil {
                guard let bodyKey = members["writeKey"]?.stringValue, !bodyKey.isEmpty else {
                    throw TrackingError.unauthorized("send the write key as the Basic auth user name or as 'writeKey'")
                }
                key = try await authenticate(bodyKey)
            }
            guard let key else { throw TrackingError.unauthorized("unknown write key") }
            if let origin = request.headers[.origin], !key.allows(origin: origin) {
                throw TrackingError(
                    status: .forbidden, code: "origin_not_allowed",
                    message: "this write key does not accept requests from pages of \(origin.prefix(200))")
            }
            if let wait = limiter.take(key.id, now: receivedAt) {
                throw TrackingError(
                    status: .tooManyRequests, code: "rate_limited", message: "too many requests for this write key", retryAfter: wait)
            }

            let (messages, parser) = try Self.messages(of: root, impliedType: impliedType, receivedAt: receivedAt)
            let outcome = try await ingestor.ingest(
                messages, parser: parser, impliedType: impliedType,
                measureSizes: body.readableBytes > TrackingLimits.maxMessageBytes, writeKeyId: key.id)
            metrics.countIngested("stored", outcome.summary.stored)
            metrics.countIngested("duplicate", outcome.summary.duplicates)
            metrics.countIngested("rejected", outcome.rejections.count)
            if outcome.rejections.count == messages.count {
                let first = outcome.rejections.first?.error ?? ValidationError(code: "invalid_message", field: nil, message: "invalid")
                var error = TrackingError.invalid(
                    messages.count == 1 ? first.message : "every message was invalid; the first: \(first.message)")
                error.rejected = outcome.rejections
                throw error
            }
            var answer: [String: JSONValue] = ["success": true]
            if !outcome.rejections.isEmpty { answer["rejected"] = Self.rejectedJSON(outcome.rejections) }
            // Stored messages whose traits were partly left out (over a bound): said, not failed.
            if !outcome.summary.refusedTraits.isEmpty { answer["refused_traits"] = Self.rejectedJSON(outcome.summary.refusedTraits) }
            // Stored identifies whose traits name a person another lead already is: the event
            // counts, the change to the lead does not, and the refused-messages log keeps why.
            if !outcome.summary.identityConflicts.isEmpty {
                answer["identity_conflicts"] = Self.rejectedJSON(outcome.summary.identityConflicts)
                for conflict in outcome.summary.identityConflicts {
                    context.logger.notice(
                        "identify refused", metadata: ["index": "\(conflict.index)", "reason": "\(conflict.error.description)"])
                }
            }
            return .json(.object(answer))
        } catch let error as TrackingError {
            context.logger.notice(
                "tracking request refused",
                metadata: ["status": "\(error.status.code)", "code": "\(error.code)", "reason": "\(error.message)"])
            return error.response
        } catch {
            return Self.failure(error, of: "tracking request", context: context)
        }
    }

    /// The answer to a failure that is not the client's, logged with the request id. Either way
    /// the transaction rolled back, so the client's retry is safe: 503 when storage is
    /// unavailable, 500 for a bug of ours.
    private static func failure(_ error: any Error, of what: String, context: AppRequestContext) -> Response {
        if case DatabaseError.unavailable(let why) = error {
            context.logger.error("storage unavailable", metadata: ["error": "\(why)"])
            return TrackingError.unavailable.response
        }
        context.logger.error("\(what) failed", metadata: ["error": "\(String(reflecting: error))"])
        return TrackingError.internal.response
    }

    /// The messages a request carries and the parser that knows their batch's `sentAt` and context.
    private static func messages(of root: JSONValue, impliedType: MessageType?, receivedAt: Double) throws -> (
        [JSONValue], MessageParser
    ) {
        if impliedType != nil { return ([root], MessageParser(receivedAt: receivedAt)) }
        guard case .array(let batch)? = root["batch"] else {
            throw TrackingError.invalid("not a batch: the body needs 'batch', an array of messages")
        }
        guard !batch.isEmpty else { throw TrackingError.invalid("the batch is empty") }
        guard batch.count <= TrackingLimits.maxBatchMessages else {
            throw TrackingError.tooLarge("the batch has \(batch.count) messages; the limit is \(TrackingLimits.maxBatchMessages)")
        }
        var sentAt: Double?
        if let text = root["sentAt"]?.stringValue {
            guard let parsed = Timestamp.parse(text) else { throw TrackingError.invalid("'sentAt' is not an ISO-8601 date-time") }
            sentAt = parsed
        }
        return (batch, MessageParser(receivedAt: receivedAt, batchSentAt: sentAt, batchContext: root["context"]?.objectValue ?? [:]))
    }

    static func rejectedJSON(_ rejections: [MessageRejection]) -> JSONValue {
        .array(
            rejections.map { rejection in
                [
                    "index": .number(Double(rejection.index)), "code": .string(rejection.error.code),
                    "message": .string(rejection.error.message), "field": .optional(rejection.error.field),
                ]
            })
    }

    private func authenticate(_ secret: String) async throws -> APIKey {
        guard let key = try await keyCache.key(for: secret, lookup: { try await keys.find(secret: $0, kind: .write) }) else {
            throw TrackingError.unauthorized("unknown write key")
        }
        return key
    }

    /// The write key is the Basic user name with an empty password.
    static func writeKey(fromAuthorization header: String?) throws -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let scheme = parts.first, let credentials = parts.last, scheme.lowercased() == "basic" else {
            throw TrackingError.unauthorized("the Authorization header must be Basic with the write key as user name")
        }
        guard let data = Data(base64Encoded: String(credentials).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8)
        else {
            throw TrackingError.unauthorized("the Basic credentials are not valid base64")
        }
        let user = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return user.isEmpty ? nil : user
    }

    /// The body, gunzipped when sent with `Content-Encoding: gzip`, within the size limit.
    private func readBody(_ request: Request) async throws -> ByteBuffer {
        let limit = TrackingLimits.maxRequestBytes
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            throw TrackingError.tooLarge("the request is larger than \(limit / 1024) KB")
        }
        let encoding = request.headers[.contentEncoding]?.lowercased() ?? "identity"
        switch encoding {
        case "identity", "":
            return body
        case "gzip", "x-gzip", "deflate":
            do {
                return try body.decompress(with: encoding == "deflate" ? .zlib() : .gzip(), maxSize: limit)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw TrackingError.tooLarge("the request is larger than \(limit / 1024) KB once decompressed")
            } catch {
                throw TrackingError.invalid("the body is not valid \(encoding) data")
            }
        default:
            throw TrackingError(
                status: .unsupportedMediaType, code: "invalid_request", message: "unsupported Content-Encoding '\(encoding)'")
        }
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
