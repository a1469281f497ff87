import Foundation
import TandemCore
import Yams

/// The two ways a scoring model is written down: JSON for machines, YAML for review.
public enum ModelDocumentFormat: String, Sendable, CaseIterable {
    case yaml, json

    /// The format a request body or file is in: by its content type or name, else by its first
    /// character (`{` is JSON).
    public static func detect(contentType: String?, fileName: String? = nil, text: String) -> ModelDocumentFormat {
        if let contentType = contentType?.lowercased() {
            if contentType.contains("json") { return .json }
            if contentType.contains("yaml") || contentType.contains("yml") { return .yaml }
        }
        if let fileName = fileName?.lowercased() {
            if fileName.hasSuffix(".json") { return .json }
            if fileName.hasSuffix(".yaml") || fileName.hasSuffix(".yml") { return .yaml }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") ? .json : .yaml
    }

    public var contentType: String {
        switch self {
        case .yaml: return "application/yaml; charset=utf-8"
        case .json: return "application/json; charset=utf-8"
        }
    }

    /// The largest document accepted (256 KiB): a scoring model is a few kilobytes.
    public static let maxDocumentBytes = 256 * 1024
    /// The most values (scalars, lists and maps) a YAML document may hold.
    public static let maxYAMLNodes = 50_000

    /// Reads a document; a syntax error names its line. YAML anchors and aliases are refused:
    /// a few hundred bytes of nested aliases expand to billions of values ("billion laughs").
    public func parse(_ text: String) throws(ValidationError) -> JSONValue {
        guard text.utf8.count <= Self.maxDocumentBytes else {
            throw ValidationError(
                code: "too_large", field: nil, message: "the document is larger than \(Self.maxDocumentBytes / 1024) KiB")
        }
        switch self {
        case .json:
            do {
                return try JSONValue.parse(text)
            } catch let error as JSONValue.ParseError {
                throw ValidationError(code: "invalid_document", field: nil, message: "not valid JSON: \(error.description)")
            } catch {
                throw ValidationError(code: "invalid_document", field: nil, message: "not valid JSON")
            }
        case .yaml:
            do {
                // The parser owns the anchors its nodes point at: keep it alive while reading them.
                let parser = try Parser(yaml: text)
                return try withExtendedLifetime(parser) {
                    guard let root = try parser.singleRoot() else { return .null }
                    var budget = Self.maxYAMLNodes
                    return try Self.json(from: root, budget: &budget)
                }
            } catch let error as ValidationError {
                throw error
            } catch let error as YamlError {
                throw ValidationError(code: "invalid_document", field: nil, message: "not valid YAML: \(Self.describe(error))")
            } catch {
                throw ValidationError(code: "invalid_document", field: nil, message: "not valid YAML: \(error)")
            }
        }
    }

    /// Writes a document with its keys sorted, so two versions diff line by line.
    public func write(_ document: JSONValue) -> String {
        switch self {
        case .json:
            // Serialising a tree of strings, numbers and containers cannot fail; if it did, the
            // compact form is still the same document.
            let data = try? JSONSerialization.data(withJSONObject: Self.foundation(document), options: [.prettyPrinted, .sortedKeys])
            return data.flatMap { String(data: $0, encoding: .utf8) }.map { $0 + "\n" } ?? document.jsonText
        case .yaml:
            // As above: a dump of plain values cannot fail, and JSON is valid YAML.
            return (try? Yams.dump(object: Self.foundation(document), width: -1, allowUnicode: true, sortKeys: true)) ?? document.jsonText
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let position = "line \(mark.line), column \(mark.column)"
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ") + " at " + position
        default:
            return String(describing: error)
        }
    }

    /// A composed YAML node as JSON, refusing anchors and aliases and spending `budget` on
    /// every value, so no document can make this walk long.
    private static func json(from node: Node, budget: inout Int) throws -> JSONValue {
        budget -= 1
        guard budget >= 0 else {
            throw ValidationError(code: "too_large", field: nil, message: "the document holds more than \(maxYAMLNodes) values")
        }
        if node.anchor != nil {
            let line = node.mark.map { " (line \($0.line))" } ?? ""
            throw ValidationError(
                code: "invalid_document", field: nil, message: "YAML anchors and aliases (&name, *name) are not accepted\(line)")
        }
        switch node {
        case .scalar: return json(from: node.any)
        case .alias:
            throw ValidationError(code: "invalid_document", field: nil, message: "YAML anchors and aliases (&name, *name) are not accepted")
        case .sequence(let sequence):
            var values: [JSONValue] = []
            for item in sequence { values.append(try json(from: item, budget: &budget)) }
            return .array(values)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    throw ValidationError(code: "invalid_document", field: nil, message: "a map key must be plain text")
                }
                budget -= 1
                members[scalar.string] = try json(from: value, budget: &budget)
            }
            return .object(members)
        }
    }

    static func json(from value: Any?) -> JSONValue {
        switch value {
        case nil, is NSNull: return .null
        case let bool as Bool: return .bool(bool)
        case let int as Int: return .number(Double(int))
        case let double as Double: return .number(double)
        case let string as String: return .string(string)
        case let array as [Any]: return .array(array.map { json(from: $0) })
        case let object as [String: Any]: return .object(object.mapValues { json(from: $0) })
        case let object as [AnyHashable: Any]:
            return .object(Dictionary(object.map { ("\($0.key)", json(from: $0.value)) }, uniquingKeysWith: { first, _ in first }))
        case let value?: return .string("\(value)")
        }
    }

    static func foundation(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let bool): return bool
        case .number(let number):
            if abs(number) < 1e15, let whole = Int(exactly: number) { return whole }
            return number
        case .string(let string): return string
        case .array(let values): return values.map(foundation)
        case .object(let members): return members.mapValues(foundation)
        }
    }
}
