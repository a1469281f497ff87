/// An activity as a person or a client sends it, checked field by field: every problem is
/// reported with its field at once, and nothing unchecked is stored.
public struct SalesActivityInput: Sendable, Hashable {
    public let kind: SalesActivityKind
    public let outcome: SalesActivityOutcome?
    public let occurredAt: Double
    public let durationMinutes: Int?
    public let subject: String?
    public let notes: String?

    public static let maxSubjectCharacters = 200
    public static let maxNotesCharacters = 20_000
    public static let maxDurationMinutes = 24 * 60
    /// A logged activity may be dated this far ahead of the server's clock (clocks drift), no
    /// further: activities record what happened, not what is planned.
    public static let futureTolerance = 5 * 60.0
    /// Nothing is dated before 2000.
    public static let earliest = 946_684_800.0

    /// Checks the raw fields. `occurredAt` is nil when not given, which means now.
    public init(
        kind: String?, outcome: String?, occurredAt: Double?, durationMinutes: String?, subject: String?, notes: String?, now: Double
    ) throws(ValidationErrors) {
        var errors: [ValidationError] = []
        func refuse(_ field: String, _ code: String, _ message: String) {
            errors.append(ValidationError(code: code, field: field, message: message))
        }
        let kindText = (kind ?? "").trimmed
        let parsedKind = SalesActivityKind(rawValue: kindText.lowercased())
        if kindText.isEmpty {
            refuse("kind", "required", "say what it was: \(Self.list(SalesActivityKind.allCases.map(\.rawValue)))")
        } else if parsedKind == nil {
            refuse(
                "kind", "invalid_kind",
                "must be one of \(Self.list(SalesActivityKind.allCases.map(\.rawValue))), not “\(kindText.prefix(40))”")
        }
        let outcomeText = (outcome ?? "").trimmed
        var parsedOutcome: SalesActivityOutcome?
        if let parsedKind {
            let allowed = parsedKind.outcomes
            if allowed.isEmpty {
                if !outcomeText.isEmpty { refuse("outcome", "invalid_outcome", "a note has no outcome") }
            } else if outcomeText.isEmpty {
                refuse("outcome", "required", "say how the \(parsedKind.rawValue) went: \(Self.list(allowed.map(\.rawValue)))")
            } else if let value = SalesActivityOutcome(rawValue: outcomeText.lowercased()), allowed.contains(value) {
                parsedOutcome = value
            } else {
                refuse(
                    "outcome", "invalid_outcome",
                    "a \(parsedKind.rawValue) ends \(Self.list(allowed.map(\.rawValue))), not “\(outcomeText.prefix(40))”")
            }
        }
        let at = occurredAt ?? now
        if !at.isFinite || at < Self.earliest {
            refuse("occurred_at", "invalid_time", "must be a time after 2000")
        } else if at > now + Self.futureTolerance {
            refuse("occurred_at", "in_the_future", "is in the future: log what happened, once it has")
        }
        var minutes: Int?
        let durationText = (durationMinutes ?? "").trimmed
        if !durationText.isEmpty {
            if let kind = parsedKind, !kind.hasDuration {
                refuse("duration_minutes", "invalid_duration", "only calls and meetings have a duration")
            } else if let value = Int(durationText), (0...Self.maxDurationMinutes).contains(value) {
                minutes = value
            } else {
                refuse("duration_minutes", "invalid_duration", "must be a whole number of minutes from 0 to \(Self.maxDurationMinutes)")
            }
        }
        let subjectText = (subject ?? "").trimmed
        if subjectText.count > Self.maxSubjectCharacters {
            refuse("subject", "too_long", "must be at most \(Self.maxSubjectCharacters) characters")
        } else if subjectText.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            refuse("subject", "invalid_text", "must be one line of text")
        }
        let notesText = (notes ?? "").trimmed
        if notesText.count > Self.maxNotesCharacters {
            refuse("notes", "too_long", "must be at most \(Self.maxNotesCharacters) characters")
        } else if notesText.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t"
        }) {
            refuse("notes", "invalid_text", "must be text: control characters other than line breaks and tabs are refused")
        }
        if parsedKind == .note, notesText.isEmpty { refuse("notes", "required", "a note needs its text") }
        guard errors.isEmpty, let parsedKind else { throw ValidationErrors(errors) }
        self.kind = parsedKind
        self.outcome = parsedOutcome
        self.occurredAt = at
        self.durationMinutes = minutes
        self.subject = subjectText.isEmpty ? nil : subjectText
        self.notes = notesText.isEmpty ? nil : notesText
    }

    private static func list(_ values: [String]) -> String {
        guard let last = values.last else { return "" }
        return values.count == 1 ? last : values.dropLast().joined(separator: ", ") + " or " + last
    }
}
