import TandemCore

/// Every REST error: `{"error": {"code", "message", "field"}}`, and with several validation
/// problems, all of them in `errors`.
struct ErrorDTO: APIModel {
    struct Problem: Codable, Sendable {
        let code, message: String
        /// The field, parameter or path the problem is in, when it is in one.
        let field: String?
    }

    let error: Problem
    let errors: [Problem]?

    static var schemaName: String { "Error" }
}
