/// Several validation problems found together, so a form can mark every wrong field at once.
public struct ValidationErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public let errors: [ValidationError]

    public init(_ errors: [ValidationError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "; ") }
}
