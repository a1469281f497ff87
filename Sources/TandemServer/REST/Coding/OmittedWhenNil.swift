/// A field that an answer leaves out, rather than writing `null`, when it has no value: the
/// webhook secret shown only once, the model version of a single-lead explanation, the UTM
/// values an event did not carry. `JSONValueEncoder` writes every other absent field as `null`.
@propertyWrapper
struct OmittedWhenNil<Value: Codable & Sendable>: Codable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }
}

extension KeyedEncodingContainer {
    // The synthesised `encode(to:)` picks this overload for a wrapped field: the key is written
    // only when there is a value.
    mutating func encode<Value>(_ field: OmittedWhenNil<Value>, forKey key: Key) throws {
        guard let value = field.wrappedValue else { return }
        try encode(value, forKey: key)
    }
}

extension KeyedDecodingContainer {
    // A wrapped field may be missing or `null`; the schema reader records it as optional.
    func decode<Value>(_ type: OmittedWhenNil<Value>.Type, forKey key: Key) throws -> OmittedWhenNil<Value> {
        OmittedWhenNil(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}
