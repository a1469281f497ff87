import Hummingbird
import TandemCore

/// One REST operation, declared once beside its handler: the router serves it, the role check
/// runs before the handler, and the OpenAPI document describes it from the same declaration. A
/// route cannot be added without its documentation, nor documented with another shape than the
/// models its handler answers with.
struct APIOperation: Sendable {
    let method: HTTPRequest.Method
    /// The route inside the REST group, with `:name` parameters (`/leads/:id`).
    let path: String
    let summary: String
    let tag: String
    /// The capability the key's role needs; nil for what every key may read.
    var requires: Capability?
    var query: [APIParameter] = []
    var body: APIContent = .none
    var response: APIContent
    var status: HTTPResponse.Status = .ok

    init(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, requires: Capability? = nil,
        query: [APIParameter] = [], body: APIContent = .none, response: APIContent, status: HTTPResponse.Status = .ok
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.requires = requires
        self.query = query
        self.body = body
        self.response = response
        self.status = status
    }
}

/// What a request or response carries.
enum APIContent: Sendable {
    case none
    /// JSON of a Codable model, whose schema the `SchemaReader` derives.
    case json(any (Decodable & Sendable).Type)
    /// A JSON document that no Codable model describes, under its component name.
    case named(String, JSONValue)
    /// Any other media type.
    case text(mediaType: String, schema: JSONValue)
}

/// A query parameter, with the description and type the document shows.
struct APIParameter: Sendable {
    let name: String
    let description: String
    var type = "string"
    var format: String?

    static let cursor = APIParameter(name: "cursor", description: "next_cursor of the previous page")
    static let limit = APIParameter(name: "limit", description: "page size, 1 to 1000", type: "integer")

    static func time(_ name: String, _ description: String) -> APIParameter {
        APIParameter(name: name, description: description, format: "date-time")
    }
}

/// The REST group's routes, each added with its `APIOperation`; what was added becomes the
/// OpenAPI document's REST paths.
final class APIRoutes {
    let group: RouterGroup<APIRequestContext>
    /// The group's path (`/api/v1`), which the document's paths start with.
    let prefix: String
    private(set) var operations: [APIOperation] = []

    init(group: RouterGroup<APIRequestContext>, prefix: String) {
        self.group = group
        self.prefix = prefix
    }

    func add(_ operation: APIOperation, use handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response) {
        operations.append(operation)
        let capability = operation.requires
        group.on(RouterPath(operation.path), method: operation.method) { request, context in
            if let capability { try context.require(capability) }
            return try await handler(request, context)
        }
    }
}

extension Response {
    /// A REST model as JSON, written as `JSONValueEncoder` does.
    static func model(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        .json(try JSONValueEncoder.encode(value), status: status, headers: headers)
    }
}

extension Request {
    /// The body as a REST request model, checked by the strict JSON parser first.
    func model<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        try JSONValueDecoder.decode(type, from: .object(try await jsonObject(context: context)))
    }
}
