/// The fields rules may test, and the kind of value each holds. An unknown field is refused
/// when the rule is saved, never silently ignored when it runs.
public enum ScoringFields {
    /// Fields of a lead and its account that fit rules read.
    public static let fit: [String: FieldKind] = [
        "title": .text, "seniority": .text, "industry": .text, "country": .text, "source": .text, "persona": .text,
        "company": .text, "email_domain": .text, "company_size": .number, "free_mail": .flag,
        "account.name": .text, "account.industry": .text, "account.size": .number,
    ]

    /// Fields of an event that engagement rules read (besides its type and name).
    public static let event: [String: FieldKind] = [
        "url": .text, "path": .text, "campaign.name": .text, "campaign.source": .text, "campaign.medium": .text,
    ]

    /// Prefixes of open-ended fields: `attributes.seats`, `properties.plan`.
    public static let fitPrefix = "attributes."
    public static let eventPrefix = "properties."

    static func fitKind(_ field: String) -> FieldKind? {
        if let kind = fit[field] { return kind }
        return openField(field, prefix: fitPrefix) ? .any : nil
    }

    static func eventKind(_ field: String) -> FieldKind? {
        if let kind = event[field] { return kind }
        return openField(field, prefix: eventPrefix) ? .any : nil
    }

    private static func openField(_ field: String, prefix: String) -> Bool {
        field.hasPrefix(prefix) && field.count > prefix.count
    }
}
