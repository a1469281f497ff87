/// A key named by id that is not live: never made, or revoked already.
public struct UnknownKey: DomainError, Equatable {
    public let id: APIKey.ID

    public init(id: APIKey.ID) { self.id = id }

    public var kind: FailureKind { .notFound }
    public var code: String { "not_found" }
    public var field: String? { "id" }
    public var message: String { "no live key has the id \(id)" }
}
