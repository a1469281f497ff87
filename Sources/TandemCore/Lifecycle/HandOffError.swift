/// Why sales cannot answer a hand-off.
public enum HandOffError: DomainError, Equatable {
    case leadNotFound(Lead.ID)
    /// Another rep's lead: the error says nothing of its stage or owner.
    case notYours(Lead.ID)
    /// The lead does not wait for this rep's answer (any more).
    case notWaiting(Lead.ID, stage: LifecycleStage)

    public var kind: FailureKind {
        switch self {
        case .leadNotFound: return .notFound
        case .notYours: return .forbidden
        case .notWaiting: return .conflict
        }
    }

    public var code: String {
        switch self {
        case .leadNotFound: return "not_found"
        case .notYours: return "forbidden"
        case .notWaiting: return "invalid_state"
        }
    }

    public var field: String? { "lead" }

    public var message: String {
        switch self {
        case .leadNotFound(let id): return "lead \(id) not found"
        case .notYours(let id): return "lead \(id) is not waiting in your inbox"
        case .notWaiting(let id, let stage): return "lead \(id) is \(stage.label), not an MQL waiting for your answer"
        }
    }
}
