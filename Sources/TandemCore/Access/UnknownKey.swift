/// A key named by id that is not live: never made, or revoked already.
public struct UnknownKey: DomainError, Equatable {
    public let id: Int64

    public init(id: Int64) { self.id = id }

    public var kind: FailureKind { .notFound }
    public var code: String { "not_found" }
    public var field: String? { "id" }
    public var message: String { "no live key has the id \(id)" }
}
