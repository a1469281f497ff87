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
public protocol DomainError: Error, Sendable {
    var kind: FailureKind { get }
    var code: String { get }
    var field: String? { get }
    var message: String { get }
}

extension ValidationError: DomainError {
    /// Input refusals are `invalid`, except the few codes that name a state or an owner.
    public var kind: FailureKind {
        switch code {
        case "conflict", "invalid_state": return .conflict
        case "forbidden": return .forbidden
        case "not_found": return .notFound
        default: return .invalid
        }
    }
}
