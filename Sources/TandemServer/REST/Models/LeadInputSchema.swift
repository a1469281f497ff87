import TandemCore

/// The body that creates or updates a lead. It is a patch, read by `LeadInput(json:)`: a field
/// left out is kept, a field sent as `null` is cleared. A Codable model cannot tell the two apart,
/// so the schema is built from the same list of fields that `LeadInput` reads (`LeadField`).
enum LeadInputSchema {
    static let content = APIContent.named("LeadInput", schema)

    static var schema: JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in LeadField.allCases {
            switch field {
            case .email: properties[field.rawValue] = ["type": "string", "format": "email"]
            case .companySize: properties[field.rawValue] = ["type": ["integer", "null"]]
            case .stage: properties[field.rawValue] = LifecycleStage.schema
            default: properties[field.rawValue] = ["type": ["string", "null"]]
            }
        }
        properties["stage_reason"] = ["type": "string", "description": "why the stage changed, kept in the lead's history"]
        properties["stage_reason_code"] = [
            "type": "string", "enum": .array(RejectionReason.allCases.map { .string($0.rawValue) }),
            "description": "the rejection code that leads the reason; required to take a lead out of mql",
        ]
        properties["attributes"] = [
            "type": "object", "description": "free attributes; a null value removes one",
            "additionalProperties": ["type": ["string", "number", "boolean", "null"]],
        ]
        return ["type": "object", "additionalProperties": false, "properties": .object(properties)]
    }
}
