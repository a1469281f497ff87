/// Reads the traits of an `identify` call into a lead input: Segment's reserved traits
/// (email, firstName, lastName, name, title, phone, company {name, industry, employee_count},
/// address.country) become fields; other scalar traits become free attributes.
public enum IdentifyTraits {
    public static func leadInput(userId: String?, traits: [String: JSONValue]) throws(ValidationError) -> LeadInput {
        try leadInput(userId: userId, traits: traits, refused: { _ in })
    }

    /// As above; each trait that cannot become an attribute (over a bound of
    /// `AttributeLimits`) is left out and reported to `refused`, and the rest is kept.
    public static func leadInput(
        userId: String?, traits: [String: JSONValue], refused: (ValidationError) -> Void
    ) throws(ValidationError) -> LeadInput {
        var input = LeadInput()
        input.userId = userId
        func text(_ keys: String...) -> String? {
            for key in keys { if let value = traits[key]?.textValue, !value.isEmpty { return value } }
            return nil
        }
        do {
            if let email = text("email") { try input.set(.email, text: email) }
            if let first = text("firstName", "first_name") { try input.set(.firstName, text: first) }
            if let last = text("lastName", "last_name") { try input.set(.lastName, text: last) }
            if input.fields[.firstName] == nil, let name = text("name") {
                // A name of only spaces splits into nothing: there is no first name to take.
                let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
                if let first = parts.first { try input.set(.firstName, text: first) }
                if let last = parts.dropFirst().first { try input.set(.lastName, text: last) }
            }
            if let title = text("title", "jobTitle", "job_title") { try input.set(.title, text: title) }
            if let phone = text("phone") { try input.set(.phone, text: phone) }
            if let country = text("country") ?? traits["address"]?["country"]?.textValue { try input.set(.country, text: country) }
            if let industry = text("industry") { try input.set(.industry, text: industry) }
            if let source = text("source", "lead_source") { try input.set(.source, text: source) }
            switch traits["company"] {
            case .string(let name)?: try input.set(.company, text: name)
            case .object(let company)?:
                if let name = company["name"]?.textValue { try input.set(.company, text: name) }
                if let industry = company["industry"]?.textValue, input.fields[.industry] == nil {
                    try input.set(.industry, text: industry)
                }
                if let size = (company["employee_count"] ?? company["employees"])?.textValue { try input.set(.companySize, text: size) }
            default: break
            }
            if let size = text("employees", "company_size") { try input.set(.companySize, text: size) }
        } catch let error as ValidationError {
            throw ValidationError(code: error.code, field: error.field.map { "traits.\($0)" }, message: error.message)
        } catch {
            throw ValidationError(code: "invalid_message", field: "traits", message: "\(error)")
        }
        for (key, value) in traits.sorted(by: { $0.key < $1.key }) where !reserved.contains(key) {
            switch value {
            case .string, .number, .bool:
                if let reason = AttributeLimits.refusal(name: key, value: value) {
                    refused(ValidationError(code: "trait_refused", field: "traits.\(key.prefix(100))", message: reason))
                } else if input.attributes.count >= AttributeLimits.maxKeysPerLead {
                    refused(
                        ValidationError(
                            code: "trait_refused", field: "traits.\(key.prefix(100))",
                            message: "a message may set at most \(AttributeLimits.maxKeysPerLead) attributes"))
                } else {
                    input.attributes[key] = value
                }
            default: continue
            }
        }
        return input
    }

    private static let reserved: Set<String> = [
        "email", "firstName", "first_name", "lastName", "last_name", "name", "title", "jobTitle", "job_title", "phone",
        "country", "address", "industry", "source", "lead_source", "company", "employees", "company_size",
    ]
}
