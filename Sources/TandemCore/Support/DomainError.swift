/// What kind of failure an error is; each edge (REST, web pages, CLI) turns the kind into its
/// own answer, so no edge decides a status from a code string.
public enum FailureKind: Sendable, Hashable {
    /// The input is refused as it stands (422 on the REST API).
    case invalid
    /// The caller may not do this (403).
    case forbidden
    /// The thing named does not exist, or the caller may not know it does (404).
    case notFound
    /// The thing is not in a state that allows this (409).
    case conflict
}

/// An area's error: every case carries its kind, a stable machine-readable code, the field it
/// concerns and a sentence a person can act on.
public protocol DomainError: Error, Sendable, CustomStringConvertible {
    var kind: FailureKind { get }
    var code: String { get }
    var field: String? { get }
    var message: String { get }
}

extension DomainError {
    /// What the command line prints: the field, then the sentence.
    public var description: String { field.map { "\($0): \(message)" } ?? message }
}

extension ValidationError: DomainError {}
