import TandemCore

/// A type whose JSON Schema cannot be read by decoding it: enums (their cases), times (their
/// format), free-form JSON and patch documents. It states its schema, and a sample value that
/// lets the reader go on decoding the type around it.
protocol DocumentedSchema {
    static var schema: JSONValue { get }
    static var sample: Self { get throws }
}

/// A REST model that the OpenAPI document names in `components/schemas`.
protocol APIModel: Codable, Sendable {
    /// The component's name: the Swift type's name without its `DTO`, unless it says otherwise.
    static var schemaName: String { get }
    /// What decoding cannot tell of some fields, by snake_case key: a description, a format,
    /// the cases a text is checked against. Merged into the field's derived schema.
    static var fieldSchemas: [String: JSONValue] { get }
}

extension APIModel {
    static var schemaName: String {
        let name = String(describing: Self.self)
        return name.hasSuffix("DTO") ? String(name.dropLast(3)) : name
    }
    static var fieldSchemas: [String: JSONValue] { [:] }
}

/// An enum of texts, documented with its cases.
protocol DocumentedEnum: DocumentedSchema, CaseIterable, RawRepresentable<String> {}

extension DocumentedEnum {
    static var schema: JSONValue { ["type": "string", "enum": .array(allCases.map { .string($0.rawValue) })] }
    static var sample: Self {
        get throws {
            guard let first = allCases.first else { throw SchemaError.noSample(String(describing: Self.self)) }
            return first
        }
    }
}

/// Derives JSON Schemas from `Decodable` REST models by decoding each once with a decoder that
/// records every field it is asked for: its key (in snake_case, as `JSONValueEncoder` writes it),
/// its type, and whether it may be `null`. The OpenAPI document is built from these schemas, so a
/// field added to a model is documented by the same change.
final class SchemaReader {
    /// The named models met so far, by name: the document's `components/schemas`.
    private(set) var components: [String: JSONValue] = [:]

    /// The schema of a type: a `$ref` for a named model (recorded in `components`), inline
    /// otherwise.
    func schema<T: Decodable>(of type: T.Type) throws -> JSONValue {
        try sample(type).schema
    }

    fileprivate func sample<T: Decodable>(_ type: T.Type) throws -> (value: T, schema: JSONValue) {
        if let documented = T.self as? any DocumentedSchema.Type {
            guard let value = try documented.sample as? T else { throw SchemaError.noSample(String(describing: T.self)) }
            return (value, documented.schema)
        }
        let recording = Recording()
        let value = try T(from: RecordingDecoder(reader: self, recording: recording))
        var schema = recording.schema
        guard let model = T.self as? any APIModel.Type else { return (value, schema) }
        let refinements = model.fieldSchemas
        if !refinements.isEmpty, case .object(var members) = schema, case .object(var properties)? = members["properties"] {
            for (key, refinement) in refinements {
                guard case .object(var property)? = properties[key], case .object(let extra) = refinement else {
                    throw SchemaError.unsupported("a refinement of \(model.schemaName).\(key), which is no object field")
                }
                property.merge(extra) { _, new in new }
                properties[key] = .object(property)
            }
            members["properties"] = .object(properties)
            schema = .object(members)
        }
        components[model.schemaName] = schema
        return (value, ["$ref": .string("#/components/schemas/\(model.schemaName)")])
    }

    /// The same schema, also allowing `null`.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema, members["$ref"] == nil, members["anyOf"] == nil else {
            return ["anyOf": [schema, ["type": "null"]]]
        }
        if case .string(let type)? = members["type"] { members["type"] = [.string(type), "null"] }
        if case .array(let cases)? = members["enum"] { members["enum"] = .array(cases + [.null]) }
        return .object(members)
    }
}

enum SchemaError: Error, CustomStringConvertible {
    case noSample(String)
    case unsupported(String)

    var description: String {
        switch self {
        case .noSample(let type): return "\(type) gives no sample of its own type"
        case .unsupported(let what): return "the schema reader does not support \(what)"
        }
    }
}

/// What decoding one value showed: an object's fields, a list's element, or a scalar.
private final class Recording {
    var properties: [String: JSONValue]?
    var required: [String] = []
    var items: JSONValue?
    var scalar: JSONValue = [:]

    var schema: JSONValue {
        if let properties {
            var object: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
            if !required.isEmpty { object["required"] = .array(required.sorted().map(JSONValue.string)) }
            return .object(object)
        }
        if let items { return ["type": "array", "items": items] }
        return scalar
    }
}

/// The schema of a scalar Swift type, or nil for a type that decodes through containers.
private func scalarSchema(_ type: Any.Type) -> JSONValue? {
    switch type {
    case is String.Type: return ["type": "string"]
    case is Bool.Type: return ["type": "boolean"]
    case is Double.Type, is Float.Type: return ["type": "number"]
    case is Int.Type, is Int64.Type, is Int32.Type: return ["type": "integer"]
    // Free attributes and properties: any members, copied as they are.
    case is [String: JSONValue].Type: return ["type": "object"]
    default: return nil
    }
}

/// A value of a scalar type that satisfies any decoding (empty text, zero, false).
private func scalarSample<T>(_ type: T.Type) -> T? {
    switch type {
    case is String.Type: return "" as? T
    case is Bool.Type: return false as? T
    case is Double.Type: return 0.0 as? T
    case is Float.Type: return Float(0) as? T
    case is Int.Type: return 0 as? T
    case is Int64.Type: return 0 as Int64 as? T
    case is Int32.Type: return 0 as Int32 as? T
    case is [String: JSONValue].Type: return [String: JSONValue]() as? T
    default: return nil
    }
}

extension SchemaReader {
    /// A field's or element's value and schema, scalar or not.
    fileprivate func value<T: Decodable>(_ type: T.Type) throws -> (value: T, schema: JSONValue) {
        if let schema = scalarSchema(type), let value = scalarSample(type) { return (value, schema) }
        return try sample(type)
    }
}

private struct RecordingDecoder: Decoder {
    let reader: SchemaReader
    let recording: Recording
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if recording.properties == nil { recording.properties = [:] }
        return KeyedDecodingContainer(ObjectRecorder<Key>(reader: reader, recording: recording))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { ArrayRecorder(reader: reader, recording: recording) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { ScalarRecorder(reader: reader, recording: recording) }
}

private struct ObjectRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: SchemaReader
    let recording: Recording
    var codingPath: [any CodingKey] { [] }
    /// A dictionary asks for its keys: it has none, and is documented as an open object.
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (value, schema) = try reader.value(type)
        let name = JSONValueEncoder.snakeCase(key.stringValue)
        recording.properties?[name] = schema
        recording.required.append(name)
        return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let (value, schema) = try reader.value(type)
        recording.properties?[JSONValueEncoder.snakeCase(key.stringValue)] = SchemaReader.nullable(schema)
        return value
    }

    // Scalars have requirements of their own, whose default implementations would record the
    // field as required: each is routed to the generic one.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        let generic: (T.Type, Key) throws -> T? = decodeIfPresent
        return try generic(type, key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw SchemaError.unsupported("nested containers")
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw SchemaError.unsupported("nested containers")
    }

    func superDecoder() throws -> any Decoder { throw SchemaError.unsupported("super decoders") }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw SchemaError.unsupported("super decoders") }
}

/// A list decodes one element, whose schema becomes the list's `items`.
private struct ArrayRecorder: UnkeyedDecodingContainer {
    let reader: SchemaReader
    let recording: Recording
    var codingPath: [any CodingKey] { [] }
    var currentIndex = 0
    var count: Int? { 1 }
    var isAtEnd: Bool { currentIndex >= 1 }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try reader.value(type)
        recording.items = schema
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw SchemaError.unsupported("nested containers")
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw SchemaError.unsupported("nested containers") }
    mutating func superDecoder() throws -> any Decoder { throw SchemaError.unsupported("super decoders") }
}

private struct ScalarRecorder: SingleValueDecodingContainer {
    let reader: SchemaReader
    let recording: Recording
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try reader.value(type)
        recording.scalar = schema
        return value
    }
}
