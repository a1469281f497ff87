import Foundation

/// What a caller wants a lead to be or become: from the REST API, an import row or an
/// `identify` call. Only the fields present are written; validation happens here, once, so
/// every entry point refuses the same things with the same words.
public struct LeadInput: Sendable, Hashable {
    public var email: EmailAddress?
    public var userId: String?
    /// Text fields by name; `nil` values clear the field.
    public var fields: [LeadField: String?]
    public var companySize: Int??
    public var stage: LifecycleStage?
    public var stageReason: String?
    public var attributes: [String: JSONValue]

    public init(
        email: EmailAddress? = nil, userId: String? = nil, fields: [LeadField: String?] = [:],
        companySize: Int?? = nil, stage: LifecycleStage? = nil, stageReason: String? = nil,
        attributes: [String: JSONValue] = [:]
    ) {
        self.email = email
        self.userId = userId
        self.fields = fields
        self.companySize = companySize
        self.stage = stage
        self.stageReason = stageReason
        self.attributes = attributes
    }

    /// The text fields a lead input may set directly.
    public static let textFields: [LeadField] = [.firstName, .lastName, .title, .company, .phone, .country, .industry, .source, .owner]

    /// Builds an input from a JSON object such as a REST body: standard fields by name, anything
    /// else under `attributes`. Unknown top-level members are refused so typos do not vanish.
    public init(json: [String: JSONValue]) throws {
        self.init()
        var reasonCode: String?
        for (key, value) in json {
            if key == "stage_reason_code" {
                switch value {
                case .null: reasonCode = nil
                case .string(let code): reasonCode = code
                default:
                    throw ValidationError(
                        code: "invalid_type", field: "stage_reason_code", message: "stage_reason_code must be a string")
                }
                continue
            }
            if key == "stage_reason" {
                switch value {
                case .null: stageReason = nil
                case .string(let reason) where reason.utf8.contains(0):
                    throw ValidationError(code: "invalid_value", field: "stage_reason", message: "stage_reason contains a NUL character")
                case .string(let reason): stageReason = reason
                default:
                    throw ValidationError(code: "invalid_type", field: "stage_reason", message: "stage_reason must be a string")
                }
                continue
            }
            if key == "attributes" {
                guard let members = value.objectValue else {
                    throw ValidationError(code: "invalid_type", field: "attributes", message: "attributes must be an object")
                }
                guard members.count <= AttributeLimits.maxKeysPerLead else {
                    throw ValidationError(
                        code: "too_many", field: "attributes",
                        message: "at most \(AttributeLimits.maxKeysPerLead) attributes, not \(members.count)")
                }
                for (name, member) in members {
                    if let reason = AttributeLimits.refusal(name: name, value: member) {
                        throw ValidationError(code: "invalid_value", field: "attributes.\(name.prefix(100))", message: reason)
                    }
                    if name.utf8.contains(0) || member.containsNUL {
                        throw ValidationError(
                            code: "invalid_value", field: "attributes", message: "an attribute contains a NUL character (\\u0000)")
                    }
                    switch member {
                    case .object, .array:
                        throw ValidationError(
                            code: "invalid_type", field: "attributes.\(name)",
                            message: "an attribute is a string, number, boolean or null")
                    default: attributes[name] = member
                    }
                }
                continue
            }
            guard let field = LeadField(rawValue: key) else {
                throw ValidationError(
                    code: "unknown_field", field: key, message: "unknown field '\(key)'; free fields go under 'attributes'")
            }
            try set(field, json: value)
        }
        // The code leads the reason, as rejections are stored ("no_budget: frozen until Q3").
        if reasonCode != nil {
            do {
                stageReason = try RejectionReason.compose(code: reasonCode, comment: stageReason)
            } catch {
                throw ValidationError(code: error.code, field: "stage_reason_code", message: error.message)
            }
        }
    }

    private mutating func set(_ field: LeadField, json value: JSONValue) throws {
        func text() throws -> String? {
            switch value {
            case .null: return nil
            case .string(let string): return string
            default:
                throw ValidationError(code: "invalid_type", field: field.rawValue, message: "\(field.rawValue) must be a string")
            }
        }
        switch field {
        case .companySize:
            switch value {
            case .null: companySize = .some(nil)
            case .number(let number):
                guard let whole = number.wholeNumber(in: 0...999_999_999_999) else {
                    throw ValidationError(
                        code: "invalid_value", field: "company_size", message: "company_size must be a whole number of employees, 0 or more"
                    )
                }
                companySize = .some(Int(clamping: whole))
            default:
                throw ValidationError(code: "invalid_type", field: "company_size", message: "company_size must be a number")
            }
        default:
            try set(field, text: try text())
        }
    }

    /// Sets one field from text, as imports and forms give it. Empty text means "not given".
    public mutating func set(_ field: LeadField, text rawText: String?) throws {
        if let rawText, rawText.utf8.contains(0) {
            throw ValidationError(
                code: "invalid_value", field: field.rawValue, message: "\(field.rawValue) contains a NUL character (\\u0000)")
        }
        let text = rawText?.trimmed
        switch field {
        case .email:
            guard let text, !text.isEmpty else {
                throw ValidationError(code: "invalid_email", field: "email", message: "email is empty")
            }
            email = try EmailAddress(text)
        case .userId:
            userId = (text?.isEmpty ?? true) ? nil : text
        case .companySize:
            guard let text, !text.isEmpty else { return }
            let digits = text.filter { $0 != "," && $0 != " " }
            if let size = Int(digits), size >= 0 {
                companySize = .some(size)
            } else if let range = Self.sizeRange(digits) {
                companySize = .some(range)
            } else {
                throw ValidationError(code: "invalid_value", field: "company_size", message: "'\(text)' is not a number of employees")
            }
        case .stage:
            guard let text, !text.isEmpty else { return }
            guard let value = LifecycleStage(label: text) else {
                let known = LifecycleStage.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError(code: "invalid_value", field: "stage", message: "unknown stage '\(text)'; use one of \(known)")
            }
            stage = value
        default:
            guard let text, !text.isEmpty else {
                if rawText == nil { fields[field] = .some(nil) }
                return
            }
            guard text.count <= 1000 else {
                throw ValidationError(code: "too_long", field: field.rawValue, message: "\(field.rawValue) is longer than 1000 characters")
            }
            fields[field] = .some(text)
        }
    }

    /// "51-200" and "1,001-5,000" as exported by CRMs: the lower bound stands for the range.
    private static func sizeRange(_ text: String) -> Int? {
        let bounds = text.split(whereSeparator: { $0 == "-" || $0 == "+" })
        guard let first = bounds.first, let low = Int(first), low >= 0 else { return nil }
        return low
    }

    /// True when the input names the person somehow: by email or by user id.
    public var hasIdentity: Bool { email != nil || userId != nil }
}
