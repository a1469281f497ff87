import TandemCore

/// Reads a REST request model out of a body that the strict parser has already checked, so the
/// hostile-input rules of `JSONValue.parse` (depth, NUL, number grammar) hold for every body.
///
/// Keys are looked up in snake_case, as `JSONValueEncoder` writes them; an absent key and `null`
/// both read as `nil` for an optional field. A wrong or missing field is an `APIError` that names
/// the field by its path (`topics[2]`), with the kind of value it expected.
enum JSONValueDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        do {
            return try T(from: ValueDecoder(value: value, codingPath: []))
        } catch let error as DecodingError {
            throw APIError(error)
        }
    }

    static func fieldName(_ path: [any CodingKey]) -> String {
        var name = ""
        for key in path {
            if let index = key.intValue {
                name += "[\(index)]"
            } else {
                name += (name.isEmpty ? "" : ".") + JSONValueEncoder.snakeCase(key.stringValue)
            }
        }
        return name
    }
}

extension APIError {
    /// A decoding failure as the API reports it: the field, and what it should have been.
    init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            let field = JSONValueDecoder.fieldName(context.codingPath + [key])
            self.init(.unprocessableContent, code: "missing_field", message: "\(field) is required", field: field)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = JSONValueDecoder.fieldName(context.codingPath)
            self.init(.unprocessableContent, code: "invalid_type", message: "\(field) \(context.debugDescription)", field: field)
        case .dataCorrupted(let context):
            let field = JSONValueDecoder.fieldName(context.codingPath)
            self.init(.unprocessableContent, code: "invalid_value", message: context.debugDescription, field: field)
        @unknown default:
            self.init(.unprocessableContent, code: "invalid_value", message: "the body does not match its schema")
        }
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private func mismatch<T>(_ type: T.Type, _ expected: String, at path: [any CodingKey]) -> DecodingError {
    .typeMismatch(type, .init(codingPath: path, debugDescription: "must be \(expected)"))
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: JSONValue].self, "an object", at: codingPath) }
        return KeyedDecodingContainer(ObjectDecoder<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([JSONValue].self, "a list", at: codingPath) }
        return ArrayDecoder(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleDecoder(value: value, codingPath: codingPath) }
}

/// Reads one scalar, the same way for a field, a list element and a single value.
private func scalar<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: [any CodingKey]) throws -> T {
    if T.self == JSONValue.self, let same = value as? T { return same }
    if T.self == String.self {
        guard case .string(let text) = value, let same = text as? T else { throw mismatch(type, "a text", at: path) }
        // No column can hold a NUL character (PostgreSQL refuses it): refused at the edge.
        guard !text.utf8.contains(0) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path, debugDescription: "\(JSONValueDecoder.fieldName(path)) contains a NUL character"))
        }
        return same
    }
    if T.self == Bool.self {
        guard case .bool(let flag) = value, let same = flag as? T else { throw mismatch(type, "true or false", at: path) }
        return same
    }
    if T.self == Double.self {
        guard case .number(let number) = value, let same = number as? T else { throw mismatch(type, "a number", at: path) }
        return same
    }
    if T.self == Int64.self || T.self == Int.self {
        guard case .number(let number) = value, let whole = Int64(exactly: number) else {
            throw mismatch(type, "a whole number", at: path)
        }
        guard let same = (T.self == Int.self ? Int(exactly: whole) as Any : whole as Any) as? T else {
            throw mismatch(type, "a whole number", at: path)
        }
        return same
    }
    return try T(from: ValueDecoder(value: value, codingPath: path))
}

private struct ObjectDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    private func member(_ key: Key) -> JSONValue? { members[JSONValueEncoder.snakeCase(key.stringValue)] }

    func contains(_ key: Key) -> Bool { member(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { member(key)?.isNull ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let value = member(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "required"))
        }
        guard !value.isNull else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [key], debugDescription: "must not be null"))
        }
        return try scalar(type, from: value, at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: member(key) ?? .null, codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: member(key) ?? .null, codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { ValueDecoder(value: .object(members), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ValueDecoder(value: member(key) ?? .null, codingPath: codingPath + [key]) }
}

private struct ArrayDecoder: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next<T>(_ type: T.Type) throws -> (JSONValue, [any CodingKey]) {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "the list ended early"))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], codingPath + [IndexKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count, elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next(type)
        return try scalar(type, from: value, at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next(JSONValue.self)
        return try ValueDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next(JSONValue.self)
        return try ValueDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next(JSONValue.self)
        return ValueDecoder(value: value, codingPath: path)
    }
}

private struct SingleDecoder: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value.isNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try scalar(type, from: value, at: codingPath) }
}
