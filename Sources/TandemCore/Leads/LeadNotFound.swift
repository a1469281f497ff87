/// A lead named by id that does not exist (or no longer does).
public struct LeadNotFound: DomainError, Equatable {
    public let id: Lead.ID

    public init(id: Lead.ID) {
        self.id = id
    }

    public var code: String { "not_found" }
    public var field: String? { nil }
    public var message: String { "lead \(id) does not exist" }
    public var kind: FailureKind { .notFound }
}
