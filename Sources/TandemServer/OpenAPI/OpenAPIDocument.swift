import TandemCore

/// The OpenAPI 3.1 description of every route, served at `/openapi.json`. The REST part is
/// built from the `APIOperation`s the controllers register and the schemas of their models
/// (`SchemaReader`); the tracking part, whose messages stay free-form JSON, is written here. A
/// test compares the document with the router, so no route goes undocumented.
enum OpenAPIDocument {
    static func build(rest: APIRoutes) throws -> JSONValue {
        let reader = SchemaReader()
        var paths = trackingPaths
        for (path, item) in try restPaths(rest, reader: reader) { paths[path] = item }
        _ = try reader.schema(of: ErrorDTO.self)
        var schemas = trackingSchemas
        for (name, schema) in reader.components { schemas[name] = schema }
        for operation in rest.operations {
            for content in [operation.body, operation.response] {
                if case .named(let name, let schema) = content { schemas[name] = schema }
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Tandem API",
                "version": "0.1.0",
                "description":
                    "Tracking (Segment-compatible, write key as HTTP Basic user name) and REST (API key as Bearer token) APIs of Tandem.",
            ],
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "writeKey": ["type": "http", "scheme": "basic", "description": "the write key as user name, empty password"],
                    "apiKey": ["type": "http", "scheme": "bearer"],
                ],
                "schemas": .object(schemas),
            ],
        ]
    }

    // MARK: - Paths

    private static var trackingPaths: [String: JSONValue] {
        var paths: [String: JSONValue] = [:]
        let preflight: JSONValue = [
            "summary": "CORS preflight for browsers", "tags": ["tracking"], "responses": ["204": ["description": "allowed"]],
        ]
        for (path, type) in TrackingController.paths {
            let summary =
                type.map { "Send one \($0.rawValue) message" + (path.count <= 5 ? " (analytics.js's short path)" : "") }
                ?? (path == "/v1/batch" ? "Send up to 2,500 messages" : "Another name of /v1/batch")
            paths[path] = [
                "post": tracking(summary, body: ref(type == nil ? "TrackingBatch" : "TrackingMessage")), "options": preflight,
            ]
        }
        paths["/v1/projects/{writeKey}/settings"] = [
            "parameters": [["name": "writeKey", "in": "path", "required": true, "schema": ["type": "string"]]],
            "get": [
                "summary": "The settings document analytics.js loads; it points the library at this server", "tags": ["tracking"],
                "responses": [
                    "200": ["description": "the settings", "content": ["application/json": ["schema": ["type": "object"]]]],
                    "401": ["description": "unknown write key", "content": ["application/json": ["schema": ref("TrackingResult")]]],
                ],
            ],
            "options": preflight,
        ]
        paths["/healthz"] = ["get": plain("Liveness and database check", type: "application/json")]
        paths["/metrics"] = ["get": plain("Prometheus metrics", type: "text/plain")]
        paths["/openapi.json"] = ["get": plain("This document", type: "application/json")]
        return paths
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static let errorResponses: [String: JSONValue] = [
        "400": ["description": "bad request", "content": ["application/json": ["schema": ref("Error")]]],
        "401": ["description": "missing or unknown API key", "content": ["application/json": ["schema": ref("Error")]]],
        "403": ["description": "the key's role may not do this", "content": ["application/json": ["schema": ref("Error")]]],
        "404": ["description": "not found", "content": ["application/json": ["schema": ref("Error")]]],
        "409": [
            "description": "a conflict: the email or user_id belongs to another lead, or the lead is no longer an MQL",
            "content": ["application/json": ["schema": ref("Error")]],
        ],
        "422": ["description": "invalid input", "content": ["application/json": ["schema": ref("Error")]]],
        "503": ["description": "storage unavailable; retry later", "content": ["application/json": ["schema": ref("Error")]]],
    ]

    static func tracking(_ summary: String, body: JSONValue) -> JSONValue {
        func with(_ description: String) -> JSONValue {
            ["description": .string(description), "content": ["application/json": ["schema": ref("TrackingResult")]]]
        }
        return [
            "summary": .string(summary), "tags": ["tracking"], "security": [["writeKey": []]],
            "requestBody": ["required": true, "content": ["application/json": ["schema": body], "text/plain": ["schema": body]]],
            "responses": [
                "200": with("stored (duplicates included); invalid messages listed in 'rejected'"),
                "400": with("not JSON, not a batch, or every message invalid"),
                "401": with("no or unknown write key"), "403": with("the write key does not accept this page's origin"),
                "413": with("over 500 KB or 2,500 messages"),
                "429": with("too many requests; see Retry-After"), "503": with("storage unavailable; retry"),
            ],
        ]
    }

    static func plain(_ summary: String, type: String) -> JSONValue {
        [
            "summary": .string(summary), "tags": ["operations"],
            "responses": ["200": ["description": "OK", "content": .object([type: [:]])]],
        ]
    }

    // MARK: - Tracking schemas

    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let time: JSONValue = ["type": "string", "format": "date-time"]

    private static var trackingSchemas: [String: JSONValue] {
        [
            "TrackingMessage": [
                "type": "object",
                "properties": [
                    "type": ["type": "string"], "userId": nullableString, "anonymousId": nullableString, "messageId": ["type": "string"],
                    "event": ["type": "string"], "name": ["type": "string"], "groupId": ["type": "string"],
                    "previousId": ["type": "string"],
                    "timestamp": time, "sentAt": time, "properties": ["type": "object"], "traits": ["type": "object"],
                    "context": ["type": "object"],
                ],
            ],
            "TrackingBatch": [
                "type": "object", "required": ["batch"],
                "properties": [
                    "batch": ["type": "array", "maxItems": 2500, "items": ref("TrackingMessage")], "sentAt": time,
                    "context": ["type": "object"], "writeKey": ["type": "string"],
                ],
            ],
            "TrackingResult": [
                "type": "object",
                "properties": [
                    "success": ["type": "boolean"], "code": ["type": "string"], "message": ["type": "string"],
                    "rejected": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "properties": ["index": ["type": "integer"], "code": ["type": "string"], "message": ["type": "string"]],
                        ],
                    ],
                ],
            ],
        ]
    }
}
