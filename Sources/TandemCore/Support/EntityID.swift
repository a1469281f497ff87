/// A row id that says what it identifies (`Lead.ID`), so that a lead's id cannot be passed where
/// an event's or a hand-off's is wanted. It is stored, bound, printed and written in JSON as the
/// plain integer it wraps.
public struct EntityID<Entity>: RawRepresentable, Hashable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByIntegerLiteral
{
    public let rawValue: Int64

    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: Int64) {
        rawValue = value
    }

    /// The id a text names, as a URL path or a form carries it; nil for anything but a
    /// positive whole number.
    public init?(_ text: some StringProtocol) {
        guard let value = Int64(text), value > 0 else { return nil }
        rawValue = value
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}

// The entity is only a tag: the id holds nothing but its integer.
extension EntityID: Sendable {}
