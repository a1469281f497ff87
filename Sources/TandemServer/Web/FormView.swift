import TandemCore

/// Turns a posted form and its errors into template data: each field's value as typed and its
/// message, so the page shows errors beside their fields and keeps what the person typed.
enum FormView {
    /// - Parameter prefix: put before each key, when the page also shows the stored values under the plain names.
    static func values(
        _ form: FormData, errors: [ValidationError], skip: Set<String> = ["password", "password_confirmation", "_csrf"], prefix: String = ""
    ) -> [String: Any] {
        var fields: [String: Any] = [:]
        for error in errors {
            if let field = error.field, fields["\(prefix)\(field)_error"] == nil { fields["\(prefix)\(field)_error"] = error.message }
        }
        var data: [String: Any] = ["errors": errors.map { ["field": $0.field ?? "", "message": $0.message] }]
        data["has_errors"] = !errors.isEmpty
        for name in [
            "email", "name", "team", "role", "first_name", "last_name", "title", "company", "phone", "country", "owner",
            "source", "industry", "reason", "stage", "key_name", "kind", "workspace_name", "time_zone", "company_size",
        ] where !skip.contains(name) {
            if let value = form[name] { data[prefix + name] = value }
        }
        return data.merging(fields) { a, _ in a }
    }
}
