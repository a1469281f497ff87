import Mustache
import TandemCore

/// A posted form as its page shows it again: what was typed in each field and each field's
/// error beside it, so a refused form keeps the person's work. The field names are the form's
/// own, so the template looks them up by name (`email`, `email_error`).
struct FormState: MustacheParent, Sendable {
    /// One error of the form, for the summary at its top.
    struct Problem: TemplateModel {
        static let fields: TemplateFields<Self> = ["field": \.field, "message": \.message]

        let field: String
        let message: String
    }

    /// The fields a page shows again as typed; passwords never are.
    static let echoed = [
        "email", "name", "team", "role", "first_name", "last_name", "title", "company", "phone", "country", "owner",
        "source", "industry", "reason", "stage", "key_name", "kind", "workspace_name", "time_zone", "company_size",
        "outcome", "occurred_at", "duration_minutes", "subject", "notes", "reason_code",
    ]

    static let empty = FormState(FormData(""), errors: [])

    let problems: [Problem]
    /// By template name: the typed values, then each field's first error as `NAME_error`.
    private let names: [String: String]

    /// - Parameter prefix: put before each name, when the page also shows the stored values under the plain names.
    init(
        _ form: FormData, errors: [ValidationError], skip: Set<String> = ["password", "password_confirmation", "_csrf"], prefix: String = ""
    ) {
        problems = errors.map { Problem(field: $0.field ?? "", message: $0.message) }
        var names: [String: String] = [:]
        for name in Self.echoed where !skip.contains(name) {
            if let value = form[name] { names[prefix + name] = value }
        }
        for error in errors {
            guard let field = error.field, names["\(prefix)\(field)_error"] == nil else { continue }
            names["\(prefix)\(field)_error"] = error.message
        }
        self.names = names
    }

    var hasErrors: Bool { !problems.isEmpty }

    func child(named name: String) -> Any? {
        switch name {
        case "errors": return problems
        case "has_errors": return hasErrors
        default: return names[name]
        }
    }
}
