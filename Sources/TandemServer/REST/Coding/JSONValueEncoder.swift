import TandemCore

/// Turns a REST response model into a `JSONValue`, so that responses are written by the same
/// serializer as the rest of the API.
///
/// Two choices differ from `JSONEncoder`'s defaults, both because the API has always answered
/// this way: an absent optional is written as `null` (clients read every documented field), and
/// Swift's camelCase property names become snake_case keys. A `JSONValue` inside a model (free
/// attributes, event properties) is copied as it is, so its keys are never renamed.
enum JSONValueEncoder {
    static func encode(_ value: some Encodable) throws -> JSONValue {
        if let json = value as? JSONValue { return json }
        let storage = EncodedStorage()
        try value.encode(to: ValueEncoder(storage: storage, codingPath: []))
        if let problem = storage.problems.first {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: problem))
        }
        return storage.result
    }

    /// `leadId` → `lead_id`; names already in snake_case are unchanged.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// What one value encoded to: an object, an array or a single value, whichever container the
/// value's `encode(to:)` asked for.
private final class EncodedStorage {
    var members: [String: JSONValue]?
    var elements: [JSONValue]?
    var single: JSONValue = .null
    /// What this encoder cannot do, reported as an error once the value is encoded (the
    /// `Encoder` API gives nested containers no way to throw).
    var problems: [String] = []

    var result: JSONValue {
        if let members { return .object(members) }
        if let elements { return .array(elements) }
        return single
    }
}

private struct ValueEncoder: Encoder {
    let storage: EncodedStorage
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if storage.members == nil { storage.members = [:] }
        return KeyedEncodingContainer(ObjectEncoder<Key>(storage: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if storage.elements == nil { storage.elements = [] }
        return ArrayEncoder(storage: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleEncoder(storage: storage, codingPath: codingPath)
    }
}

/// Encodes a nested value on its own and hands back what it became.
private func encodeNested(_ value: some Encodable, at path: [any CodingKey], into parent: EncodedStorage) throws -> JSONValue {
    if let json = value as? JSONValue { return json }
    // Free attributes keep their own keys: never renamed to snake_case.
    if let members = value as? [String: JSONValue] { return .object(members) }
    let storage = EncodedStorage()
    try value.encode(to: ValueEncoder(storage: storage, codingPath: path))
    parent.problems += storage.problems
    return storage.result
}

/// Models in this API encode nested values as values, never through nested or super containers;
/// asking for one is a programming error, reported when the value is done.
private func unsupported(_ what: String, in storage: EncodedStorage) -> EncodedStorage {
    storage.problems.append("JSONValueEncoder does not support \(what)")
    return EncodedStorage()
}

private struct ObjectEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let storage: EncodedStorage
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue, _ key: Key) {
        storage.members?[JSONValueEncoder.snakeCase(key.stringValue)] = value
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.number(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.number(Double(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.number(Double(value)), key) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        set(try encodeNested(value, at: codingPath + [key], into: storage), key)
    }

    // An absent optional is `null`, not a missing key: see `JSONValueEncoder`.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { set(value.map(JSONValue.bool) ?? .null, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { set(value.map(JSONValue.string) ?? .null, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { set(value.map(JSONValue.number) ?? .null, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { set(value.map { .number(Double($0)) } ?? .null, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { set(value.map { .number(Double($0)) } ?? .null, key) }
    mutating func encodeIfPresent(_ value: (some Encodable)?, forKey key: Key) throws {
        guard let value else { return set(.null, key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        ValueEncoder(storage: unsupported("nested containers", in: storage), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ValueEncoder(storage: unsupported("nested containers", in: storage), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(storage: unsupported("super encoders", in: storage), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(storage: unsupported("super encoders", in: storage), codingPath: codingPath)
    }
}

private struct ArrayEncoder: UnkeyedEncodingContainer {
    let storage: EncodedStorage
    let codingPath: [any CodingKey]
    var count: Int { storage.elements?.count ?? 0 }

    mutating func encodeNil() throws { storage.elements?.append(.null) }
    mutating func encode(_ value: Bool) throws { storage.elements?.append(.bool(value)) }
    mutating func encode(_ value: String) throws { storage.elements?.append(.string(value)) }
    mutating func encode(_ value: Double) throws { storage.elements?.append(.number(value)) }
    mutating func encode(_ value: Int64) throws { storage.elements?.append(.number(Double(value))) }
    mutating func encode(_ value: some Encodable) throws {
        storage.elements?.append(try encodeNested(value, at: codingPath, into: storage))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        ValueEncoder(storage: unsupported("nested containers", in: storage), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        ValueEncoder(storage: unsupported("nested containers", in: storage), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(storage: unsupported("super encoders", in: storage), codingPath: codingPath)
    }
}

private struct SingleEncoder: SingleValueEncodingContainer {
    let storage: EncodedStorage
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { storage.single = .null }
    mutating func encode(_ value: Bool) throws { storage.single = .bool(value) }
    mutating func encode(_ value: String) throws { storage.single = .string(value) }
    mutating func encode(_ value: Double) throws { storage.single = .number(value) }
    mutating func encode(_ value: Int) throws { storage.single = .number(Double(value)) }
    mutating func encode(_ value: Int64) throws { storage.single = .number(Double(value)) }
    mutating func encode(_ value: some Encodable) throws { storage.single = try encodeNested(value, at: codingPath, into: storage) }
}
