import TandemCore

/// The scoring, hand-off and webhook parts of the OpenAPI document.
extension OpenAPIDocument {
    static var handOffPaths: [String: JSONValue] {
        let yamlOrJSON: JSONValue = ["type": "string", "description": "the model document (docs/scoring.md)"]
        return [
            "/api/v1/scoring/model": [
                "get": rest(
                    "The scoring model in force, as YAML or JSON (format=yaml|json or the Accept header)", tag: "scoring",
                    parameters: [query("format", "yaml or json")], response: ref("ScoringModel")),
                "put": rest(
                    "Replace the scoring model (YAML or JSON body); every lead is re-scored in the background", tag: "scoring",
                    body: yamlOrJSON, response: ["type": "object", "properties": ["version": ["type": "integer"], "job": ref("ScoreJob")]]),
            ],
            "/api/v1/scoring/jobs/latest": [
                "get": rest(
                    "Progress of the latest re-scoring", tag: "scoring",
                    response: ["type": "object", "properties": ["job": ref("ScoreJob")]])
            ],
            "/api/v1/leads/{id}/score": [
                "get": rest(
                    "A lead's fit and engagement, explained rule by rule, with decay applied now", tag: "scoring", parameters: [pathId],
                    response: ref("ScoreExplanation"))
            ],
            "/api/v1/inbox": [
                "get": rest(
                    "Open hand-offs, most urgent first: the sales key's rep's, or (admin) everyone's or owner=EMAIL's", tag: "hand-off",
                    parameters: [query("owner", "a rep's email (admin keys)"), limit],
                    response: [
                        "type": "object",
                        "properties": ["data": ["type": "array", "items": ref("InboxItem")], "total": ["type": "integer"]],
                    ])
            ],
            "/api/v1/leads/{id}/accept": [
                "post": rest(
                    "Accept an MQL handed to the key's rep: it becomes a SAL", tag: "hand-off", parameters: [pathId], response: ref("Lead"))
            ],
            "/api/v1/leads/{id}/reject": [
                "post": rest(
                    "Reject an MQL handed to the key's rep, with a reason code (not_ready_yet and no_budget recycle it)", tag: "hand-off",
                    parameters: [pathId],
                    body: [
                        "type": "object", "required": ["reason"],
                        "properties": [
                            "reason": ["type": "string", "enum": .array(RejectionReason.allCases.map { .string($0.rawValue) })],
                            "comment": ["type": "string"],
                        ],
                    ], response: ref("Lead"))
            ],
            "/api/v1/leads/{id}/handoff": [
                "get": rest(
                    "The lead's latest hand-off, with its SLA and speed to lead", tag: "hand-off", parameters: [pathId],
                    response: ref("HandOff"))
            ],
            "/api/v1/webhooks": [
                "get": rest("Webhook subscriptions (admin)", tag: "webhooks", response: ["type": "object"]),
                "post": rest(
                    "Subscribe a URL to lifecycle events; the answer holds the signing secret (admin)", tag: "webhooks",
                    body: [
                        "type": "object", "required": ["url", "topics"],
                        "properties": [
                            "url": ["type": "string", "format": "uri"],
                            "topics": [
                                "type": "array",
                                "items": ["type": "string", "enum": .array(WebhookTopic.allCases.map { .string($0.rawValue) })],
                            ],
                            "format": ["type": "string", "enum": ["json", "slack"]],
                        ],
                    ], response: ["type": "object"], status: "201"),
            ],
            "/api/v1/webhooks/{id}": [
                "delete": rest("Stop a webhook (admin)", tag: "webhooks", parameters: [pathId], response: ["type": "object"], status: "204")
            ],
            "/api/v1/webhooks/{id}/deliveries": [
                "get": rest(
                    "A webhook's deliveries with each attempt (admin)", tag: "webhooks", parameters: [pathId, limit],
                    response: ["type": "object"])
            ],
        ]
    }

    static var handOffSchemas: [String: JSONValue] {
        [
            "ScoringModel": ["type": "object", "description": "see docs/scoring.md"],
            "ScoreJob": [
                "type": "object",
                "properties": [
                    "id": ["type": "integer"], "model_version": ["type": "integer"], "status": ["type": "string"],
                    "total": ["type": "integer"], "done": ["type": "integer"], "progress": ["type": "number"],
                ],
            ],
            "ScoreExplanation": [
                "type": "object",
                "properties": [
                    "grade": ["type": "string"], "call_now": ["type": "boolean"], "as_of": time,
                    "fit": ["type": "object"], "engagement": ["type": "object"],
                ],
            ],
            "HandOff": [
                "type": "object",
                "properties": [
                    "id": ["type": "integer"], "lead_id": ["type": "integer"], "owner": nullableString, "status": ["type": "string"],
                    "routing_reason": ["type": "string"], "due_at": time, "overdue": ["type": "boolean"],
                    "speed_to_lead_seconds": ["type": ["number", "null"]],
                ],
            ],
            "InboxItem": [
                "type": "object",
                "properties": [
                    "handoff": ref("HandOff"), "lead": ref("Lead"), "seconds_left": ["type": ["number", "null"]],
                    "call_now": ["type": "boolean"], "score": ref("ScoreExplanation"), "latest_activity": ["type": "array"],
                ],
            ],
        ]
    }
}
