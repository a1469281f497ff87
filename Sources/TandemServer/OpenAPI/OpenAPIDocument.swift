import TandemCore

/// The OpenAPI 3.1 description of every route, served at `/openapi.json`. A test compares it
/// with the router, so a route added without documentation fails the build's tests.
enum OpenAPIDocument {
    static let document: JSONValue = [
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

    // MARK: - Paths

    private static var paths: [String: JSONValue] {
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
        paths["/api/v1/leads"] = [
            "get": rest(
                "List leads (a sales key sees only its rep's leads)", tag: "leads",
                parameters: [
                    query("stage", "lifecycle stage"), query("owner", "owner"), query("source", "lead source"),
                    query("updated_since", "ISO-8601 time", format: "date-time"),
                    query("attr.KEY", "a free attribute equal to the value (any KEY)"), cursor, limit,
                ], response: pageOf("Lead")),
            "post": rest("Create a lead", tag: "leads", body: ref("LeadInput"), response: ref("Lead"), status: "201"),
        ]
        paths["/api/v1/leads/{id}"] = [
            "get": rest("Get a lead", tag: "leads", parameters: [pathId], response: ref("Lead")),
            "patch": rest(
                "Update a lead; a stage change is checked against the lifecycle rules", tag: "leads", parameters: [pathId],
                body: ref("LeadInput"), response: ref("Lead")),
        ]
        paths["/api/v1/leads/{id}/timeline"] = [
            "get": rest(
                "A lead's events and stage changes, newest first", tag: "leads", parameters: [pathId, limit], response: ["type": "object"])
        ]
        paths["/api/v1/accounts"] = [
            "get": rest(
                "List accounts", tag: "accounts", parameters: [query("search", "part of the name or domain"), cursor, limit],
                response: pageOf("Account"))
        ]
        paths["/api/v1/accounts/{id}"] = ["get": rest("Get an account", tag: "accounts", parameters: [pathId], response: ref("Account"))]
        paths["/api/v1/events"] = [
            "get": rest(
                "Query events (admin, marketing)", tag: "events",
                parameters: [
                    query("lead_id", "lead id", type: "integer"), query("user_id", "userId"), query("anonymous_id", "anonymousId"),
                    query("type", "message type"), query("name", "event name"), query("campaign", "campaign name"),
                    query("message_id", "messageId"), query("since", "ISO-8601 time", format: "date-time"),
                    query("until", "ISO-8601 time", format: "date-time"), cursor, limit,
                ], response: pageOf("Event"))
        ]
        paths["/api/v1/rejected-messages"] = [
            "get": rest(
                "Tracking messages that were refused, with their reasons (admin)", tag: "events", parameters: [cursor, limit],
                response: ["type": "object"])
        ]
        paths["/api/v1/imports/leads"] = [
            "post": rest(
                "Import a CSV of leads (HubSpot, Salesforce or plain); upsert by email", tag: "imports",
                parameters: [query("map", "COLUMN=field, repeatable"), query("name", "a name for the import")],
                body: ["type": "string", "description": "CSV text"], bodyType: "text/csv", response: ref("ImportReport"))
        ]
        paths["/healthz"] = ["get": plain("Liveness and database check", type: "application/json")]
        paths["/metrics"] = ["get": plain("Prometheus metrics", type: "text/plain")]
        paths["/openapi.json"] = ["get": plain("This document", type: "application/json")]
        paths.merge(handOffPaths) { first, _ in first }
        return paths
    }

    static let pathId: JSONValue = [
        "name": "id", "in": "path", "required": true, "schema": ["type": "integer"],
    ]
    static let cursor = query("cursor", "next_cursor of the previous page")
    static let limit = query("limit", "page size, 1 to 1000", type: "integer")

    static func query(_ name: String, _ description: String, type: String = "string", format: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": .string(type)]
        if let format { schema["format"] = .string(format) }
        return ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": .object(schema)]
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func pageOf(_ name: String) -> JSONValue {
        ["type": "object", "properties": ["data": ["type": "array", "items": ref(name)], "next_cursor": ["type": ["string", "null"]]]]
    }

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

    static func rest(
        _ summary: String, tag: String, parameters: [JSONValue] = [], body: JSONValue? = nil, bodyType: String = "application/json",
        response: JSONValue, status: String = "200"
    ) -> JSONValue {
        var responses = errorResponses
        // A 204 has no body, so it documents no content.
        responses[status] =
            status == "204"
            ? ["description": "success, no content"] : ["description": "success", "content": ["application/json": ["schema": response]]]
        var operation: [String: JSONValue] = [
            "summary": .string(summary), "tags": [.string(tag)], "security": [["apiKey": []]], "parameters": .array(parameters),
            "responses": .object(responses),
        ]
        if let body { operation["requestBody"] = ["required": true, "content": .object([bodyType: ["schema": body]])] }
        return .object(operation)
    }

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

    // MARK: - Schemas

    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let time: JSONValue = ["type": "string", "format": "date-time"]

    private static var schemas: [String: JSONValue] {
        baseSchemas.merging(handOffSchemas) { first, _ in first }
    }

    private static var baseSchemas: [String: JSONValue] {
        let stages = JSONValue.array(LifecycleStage.allCases.map { .string($0.rawValue) })
        return [
            "Error": [
                "type": "object",
                "properties": [
                    "error": [
                        "type": "object",
                        "properties": ["code": ["type": "string"], "message": ["type": "string"], "field": nullableString],
                    ]
                ],
            ],
            "Lead": [
                "type": "object",
                "properties": [
                    "id": ["type": "integer"], "email": nullableString, "user_id": nullableString, "first_name": nullableString,
                    "last_name": nullableString, "title": nullableString, "company": nullableString, "phone": nullableString,
                    "country": nullableString, "industry": nullableString, "company_size": ["type": ["integer", "null"]],
                    "source": nullableString, "owner": nullableString, "stage": ["type": "string", "enum": stages],
                    "account_id": ["type": ["integer", "null"]], "attributes": ["type": "object"], "created_at": time,
                    "updated_at": time,
                ],
            ],
            "LeadInput": [
                "type": "object", "additionalProperties": false,
                "properties": [
                    "email": ["type": "string", "format": "email"], "user_id": nullableString, "first_name": nullableString,
                    "last_name": nullableString, "title": nullableString, "company": nullableString, "phone": nullableString,
                    "country": nullableString, "industry": nullableString, "company_size": ["type": ["integer", "null"]],
                    "source": nullableString, "owner": nullableString, "stage": ["type": "string", "enum": stages],
                    "stage_reason": ["type": "string"],
                    "attributes": ["type": "object", "additionalProperties": ["type": ["string", "number", "boolean", "null"]]],
                ],
            ],
            "Account": [
                "type": "object",
                "properties": [
                    "id": ["type": "integer"], "domain": nullableString, "external_id": nullableString, "name": nullableString,
                    "industry": nullableString, "size": ["type": ["integer", "null"]], "owner": nullableString,
                    "lead_count": ["type": "integer"], "created_at": time, "updated_at": time,
                ],
            ],
            "Event": [
                "type": "object",
                "properties": [
                    "id": ["type": "integer"], "message_id": ["type": "string"],
                    "type": ["type": "string", "enum": ["identify", "track", "page", "screen", "group", "alias"]],
                    "name": ["type": "string"], "lead_id": ["type": ["integer", "null"]], "user_id": nullableString,
                    "anonymous_id": nullableString, "timestamp": time, "received_at": time, "url": nullableString,
                    "campaign": ["type": ["object", "null"]], "properties": ["type": "object"], "context": ["type": "object"],
                ],
            ],
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
            "ImportReport": [
                "type": "object",
                "properties": [
                    "created": ["type": "integer"], "updated": ["type": "integer"], "skipped": ["type": "integer"],
                    "encoding": ["type": "string"],
                    "rejected_count": ["type": "integer", "description": "every rejected row; 'rejected' lists the first 100"],
                    "rejected": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "properties": [
                                "line": ["type": "integer"], "code": ["type": "string"], "field": nullableString,
                                "message": ["type": "string"],
                            ],
                        ],
                    ],
                ],
            ],
        ]
    }
}
