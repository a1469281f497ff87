/// Several validation problems found together, so a form can mark every wrong field at once.
public struct ValidationErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public let errors: [ValidationError]

    public init(_ errors: [ValidationError]) {
        self.errors = errors
    }

    /// The message for `field`, if that field is at fault.
    public func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }

    public var description: String { errors.map(\.description).joined(separator: "; ") }
}
