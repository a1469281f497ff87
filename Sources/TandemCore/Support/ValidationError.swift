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
    /// Refused input is `invalid`; an area's error carried here (a lead's email taken by
    /// another) keeps its own kind, so no edge reads a status from the code.
    public let kind: FailureKind

    public init(code: String, field: String?, message: String) {
        self.code = code
        self.field = field
        self.message = message
        kind = .invalid
    }

    /// An area's error where a list of per-item results holds refusals of one type (a batch
    /// of lead writes, whose items fail on a field or on another lead's identity).
    public init(_ error: some DomainError) {
        code = error.code
        field = error.field
        message = error.message
        kind = error.kind
    }

    public var description: String {
        if let field { return "\(field): \(message)" }
        return message
    }
}
