/// Input that the domain refuses, with the field it concerns and a sentence a person can act on.
///
/// Every layer above maps it to its own shape: a 400/422 JSON error on the REST API, a rejected
/// index on the tracking API, a line in an import report.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable machine-readable code, such as `invalid_email`.
    public let code: String
    /// The field at fault, as the caller named it (`email`, `traits.email`, `stage`).
    public let field: String?
    /// What is wrong, in plain words.
    public let message: String

    public init(code: String, field: String?, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "\(field): \(message)" }
        return message
    }
}
