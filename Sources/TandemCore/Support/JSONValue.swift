// A JSON value that is Sendable and cheap to inspect: message properties, traits and a
// lead's free attributes are all JSON, and the domain reads them without Foundation types.
import Foundation

/// Any JSON value.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object, `nil` for anything else or a missing key.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, or `nil` when this is not a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The array's values, or `nil` when this is not an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// The object's members, or `nil` when this is not an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// True when a string or member name anywhere inside holds U+0000, which PostgreSQL text
    /// cannot store: such input is refused at the door rather than failing half-way in storage.
    public var containsNUL: Bool {
        switch self {
        case .null, .bool, .number: return false
        case .string(let value): return value.utf8.contains(0)
        case .array(let values): return values.contains { $0.containsNUL }
        case .object(let members): return members.contains { $0.key.utf8.contains(0) || $0.value.containsNUL }
        }
    }

    /// True for `null`: the official clients send `"userId": null` for "absent".
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A scalar as text, as a person would write it in a CSV cell or a filter.
    public var textValue: String? {
        switch self {
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .number(let value): return JSONValue.format(value)
        default: return nil
        }
    }
}

// MARK: - Parsing

extension JSONValue {
    /// Parses JSON text. Throws `JSONValue.ParseError` naming the byte offset and the reason.
    public static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { raw in try parse(bytes: raw) }
    }

    /// Parses JSON text in place, without copying it (a request body, say).
    public static func parse(bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes.bindMemory(to: UInt8.self))
        return try parser.parseDocument()
    }

    /// Parses JSON text given as a string.
    public static func parse(_ text: String) throws -> JSONValue {
        try parse(Data(text.utf8))
    }

    /// Parses text that Tandem wrote itself (a stored column); `nil` when it is not JSON, for
    /// callers that treat unreadable stored data as absent and say so.
    public static func parseIfValid(_ text: String) -> JSONValue? {
        do { return try parse(text) } catch { return nil }
    }

    /// Why a text is not JSON, and where.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }
}

// MARK: - Writing

extension JSONValue {
    /// Compact JSON text with sorted keys, so equal values always serialise alike.
    public var jsonText: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let value): output += JSONValue.format(value)
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output += "," }
                JSONValue.writeString(member.key, to: &output)
                output += ":"
                member.value.write(to: &output)
            }
            output += "}"
        }
    }

    static func format(_ value: Double) -> String {
        if abs(value) < 1e15, let whole = Int64(exactly: value) {
            return String(whole)
        }
        return value.isFinite ? String(value) : "null"
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        if !value.utf8.contains(where: needsEscape) {
            output += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\n": output += "\\n"
                case "\r": output += "\\r"
                case "\t": output += "\\t"
                case _ where scalar.value < 0x20:
                    output += String(format: "\\u%04x", scalar.value)
                default: output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C
    }

    /// The length in bytes of `jsonText`, computed without writing it: the tracking API checks
    /// every message of a large batch against the 32 KB limit.
    public var jsonByteCount: Int {
        switch self {
        case .null: return 4
        case .bool(let value): return value ? 4 : 5
        case .number(let value): return JSONValue.format(value).utf8.count
        case .string(let value): return JSONValue.stringByteCount(value)
        case .array(let values):
            return 2 + max(values.count - 1, 0) + values.reduce(0) { $0 + $1.jsonByteCount }
        case .object(let members):
            return 2 + max(members.count - 1, 0)
                + members.reduce(0) { $0 + JSONValue.stringByteCount($1.key) + 1 + $1.value.jsonByteCount }
        }
    }

    private static func stringByteCount(_ value: String) -> Int {
        var count = 2
        for byte in value.utf8 {
            switch byte {
            case 0x22, 0x5C, 0x0A, 0x0D, 0x09: count += 2
            case _ where byte < 0x20: count += 6
            default: count += 1
            }
        }
        return count
    }
}

// MARK: - Codable

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Each kind is tried in turn: a failed attempt means "not this kind", not an error.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {  // not a number: maybe a string
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {  // not a scalar: maybe an array
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
}
