import Hummingbird
import TandemCore

/// The REST paths, from the operations the controllers registered.
extension OpenAPIDocument {
    static func restPaths(_ routes: APIRoutes, reader: SchemaReader) throws -> [String: JSONValue] {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in routes.operations {
            let segments = operation.path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            let path = routes.prefix + "/" + segments.joined(separator: "/")
            paths[path, default: [:]][operation.method.rawValue.lowercased()] = try restOperation(operation, reader: reader)
        }
        return paths.mapValues { .object($0) }
    }

    private static func restOperation(_ operation: APIOperation, reader: SchemaReader) throws -> JSONValue {
        // Every path parameter of this API is a whole-number id.
        let pathParameters: [JSONValue] = operation.path.split(separator: "/").filter { $0.hasPrefix(":") }.map {
            ["name": .string(String($0.dropFirst())), "in": "path", "required": true, "schema": ["type": "integer"]]
        }
        let queryParameters: [JSONValue] = operation.query.map { parameter in
            var schema: [String: JSONValue] = ["type": .string(parameter.type)]
            if let format = parameter.format { schema["format"] = .string(format) }
            return [
                "name": .string(parameter.name), "in": "query", "required": false, "description": .string(parameter.description),
                "schema": .object(schema),
            ]
        }
        var responses = errorResponses
        let status = String(operation.status.code)
        if let content = try content(operation.response, reader: reader) {
            responses[status] = ["description": "success", "content": content]
        } else {
            responses[status] = ["description": "success, no content"]
        }
        var summary = operation.summary
        if let capability = operation.requires {
            summary += "; needs the role " + Role.having(capability).map(\.rawValue).joined(separator: " or ")
        }
        var documented: [String: JSONValue] = [
            "summary": .string(summary), "tags": [.string(operation.tag)], "security": [["apiKey": []]],
            "parameters": .array(pathParameters + queryParameters), "responses": .object(responses),
        ]
        if let body = try content(operation.body, reader: reader) {
            documented["requestBody"] = ["required": true, "content": body]
        }
        return .object(documented)
    }

    /// The `content` member of a body or response: its media type and schema.
    private static func content(_ content: APIContent, reader: SchemaReader) throws -> JSONValue? {
        switch content {
        case .none: return nil
        case .json(let type): return ["application/json": ["schema": try reader.schema(of: type)]]
        case .named(let name, _): return ["application/json": ["schema": ref(name)]]
        case .text(let mediaType, let schema): return .object([mediaType: ["schema": schema]])
        }
    }
}
