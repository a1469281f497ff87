import Foundation

/// One test a rule makes on a lead or an event: `title contains ["vp", "director"]`.
public struct RuleCondition: Sendable, Hashable {
    public var field: String
    public var op: ConditionOperator
    /// The operand; its JSON shape depends on the operator (a string, a list, `[min, max]`).
    public var value: JSONValue

    public init(field: String, op: ConditionOperator, value: JSONValue = .null) {
        self.field = field
        self.op = op
        self.value = value
    }
}

/// What a condition does with its field. Text comparisons ignore case.
public enum ConditionOperator: String, Sendable, Hashable, CaseIterable {
    case equals, notEquals = "not_equals"
    case `in`, notIn = "not_in"
    case contains, notContains = "not_contains"
    case startsWith = "starts_with", endsWith = "ends_with"
    case matches
    case atLeast = "at_least", atMost = "at_most", between
    case exists, notExists = "not_exists"
    case `is`

    /// Operators that hold when the field is missing: "title does not contain intern" is true
    /// for a lead without a title.
    var holdsWhenMissing: Bool {
        switch self {
        case .notEquals, .notIn, .notContains, .notExists: return true
        default: return false
        }
    }
}

/// The kind of value a field holds, which decides the operators it accepts.
public enum FieldKind: Sendable, Hashable {
    case text, number, flag
    /// Free attributes and event properties: any JSON scalar, so every operator but `is` on
    /// text and `is` on flags.
    case any

    var operators: Set<ConditionOperator> {
        switch self {
        case .text:
            return [.equals, .notEquals, .in, .notIn, .contains, .notContains, .startsWith, .endsWith, .matches, .exists, .notExists]
        case .number: return [.equals, .notEquals, .in, .notIn, .atLeast, .atMost, .between, .exists, .notExists]
        case .flag: return [.is]
        case .any: return Set(ConditionOperator.allCases)
        }
    }
}

/// A condition checked and prepared once, then evaluated on every lead or event.
struct CompiledCondition: Sendable {
    let field: String
    let op: ConditionOperator
    private let texts: [String]
    private let numbers: [Double]
    private let flag: Bool
    private let pattern: LinearPattern?

    /// Validates `condition` for a field of `kind`; `path` names it in errors
    /// (`fit_rules[2].when[0]`).
    init(_ condition: RuleCondition, kind: FieldKind, path: String) throws(ValidationError) {
        field = condition.field
        op = condition.op
        guard kind.operators.contains(op) else {
            let allowed = kind.operators.map(\.rawValue).sorted().joined(separator: ", ")
            throw ValidationError(
                code: "invalid_rule", field: path + ".op",
                message: "'\(op.rawValue)' does not apply to \(condition.field); use one of \(allowed)")
        }
        let value = condition.value
        var parsedTexts: [String] = []
        var parsedNumbers: [Double] = []
        var parsedFlag = false
        var parsedPattern: LinearPattern?
        func fail(_ expectation: String) -> ValidationError {
            ValidationError(code: "invalid_rule", field: path + ".value", message: "'\(condition.op.rawValue)' needs \(expectation)")
        }
        switch condition.op {
        case .equals, .notEquals:
            switch value {
            case .string(let text): parsedTexts = [text.lowercased()]
            case .number(let number) where kind != .text: parsedNumbers = [number]
            case .bool(let bool) where kind == .any: parsedTexts = [bool ? "true" : "false"]
            default: throw fail(kind == .number ? "a number" : "a text")
            }
            if kind == .number, let text = parsedTexts.first {
                guard let number = Double(text) else { throw fail("a number") }
                parsedNumbers = [number]
                parsedTexts = []
            }
            if kind == .any, let number = parsedNumbers.first { parsedTexts = [JSONValue.format(number)] }
        case .in, .notIn:
            guard let values = value.arrayValue, !values.isEmpty else { throw fail("a non-empty list") }
            for item in values {
                switch item {
                case .string(let text) where kind != .number: parsedTexts.append(text.lowercased())
                case .number(let number) where kind != .text:
                    parsedNumbers.append(number)
                    parsedTexts.append(JSONValue.format(number))
                default: throw fail(kind == .number ? "a list of numbers" : "a list of texts")
                }
            }
        case .contains, .notContains, .startsWith, .endsWith:
            let items = value.arrayValue ?? [value]
            parsedTexts = try items.map { item throws(ValidationError) in
                guard let text = item.stringValue, !text.isEmpty else { throw fail("a text or a list of texts") }
                return text.lowercased()
            }
            if parsedTexts.isEmpty { throw fail("a text or a list of texts") }
        case .matches:
            guard let text = value.stringValue, !text.isEmpty else { throw fail("a regular expression") }
            do {
                parsedPattern = try LinearPattern(text)
            } catch {
                throw ValidationError(
                    code: "invalid_rule", field: path + ".value",
                    message: "'\(text.prefix(80))' is not a valid regular expression: \(error.message)")
            }
        case .atLeast, .atMost:
            guard case .number(let number) = value else { throw fail("a number") }
            parsedNumbers = [number]
        case .between:
            guard let values = value.arrayValue, values.count == 2, case .number(let low) = values[0],
                case .number(let high) = values[1]
            else { throw fail("[min, max]") }
            guard low <= high else { throw fail("[min, max] with min ≤ max") }
            parsedNumbers = [low, high]
        case .exists, .notExists:
            guard value.isNull || value == .bool(true) else { throw fail("no value") }
        case .is:
            guard case .bool(let bool) = value else { throw fail("true or false") }
            parsedFlag = bool
        }
        self.texts = parsedTexts
        self.numbers = parsedNumbers
        self.flag = parsedFlag
        self.pattern = parsedPattern
    }

    /// Whether the condition holds for the field's value (`nil` when missing).
    func holds(for value: JSONValue?) -> Bool {
        guard let value, !value.isNull else { return op.holdsWhenMissing }
        switch op {
        case .exists: return true
        case .notExists: return false
        case .is:
            switch value {
            case .bool(let bool): return bool == flag
            case .string(let text): return (text.lowercased() == "true") == flag
            case .number(let number): return (number != 0) == flag
            default: return false
            }
        case .atLeast: return Self.number(value).map { $0 >= numbers[0] } ?? false
        case .atMost: return Self.number(value).map { $0 <= numbers[0] } ?? false
        case .between: return Self.number(value).map { $0 >= numbers[0] && $0 <= numbers[1] } ?? false
        case .equals, .in: return matchesAny(value)
        case .notEquals, .notIn: return !matchesAny(value)
        case .contains, .notContains, .startsWith, .endsWith, .matches:
            guard let text = value.textValue.map(Self.boundedText) else { return op.holdsWhenMissing }
            switch op {
            case .contains: return texts.contains { text.containsBytes(of: $0) }
            case .notContains: return !texts.contains { text.containsBytes(of: $0) }
            case .startsWith: return texts.contains { text.hasPrefix($0) }
            case .endsWith: return texts.contains { text.hasSuffix($0) }
            default: return pattern?.matches(text) ?? false
            }
        }
    }

    /// Text operators read at most the first `maxTextBytes` of a value, lower-cased: the cost
    /// of a rule on one event is bounded whatever the event carries.
    static func boundedText(_ text: String) -> String {
        guard text.utf8.count > maxTextBytes else { return text.lowercased() }
        return String(decoding: text.utf8.prefix(maxTextBytes), as: UTF8.self).lowercased()
    }

    /// The most bytes of a value a text operator reads (4 KiB: longer than any real URL or title).
    static let maxTextBytes = 4096

    private func matchesAny(_ value: JSONValue) -> Bool {
        if case .number(let number) = value, !numbers.isEmpty { return numbers.contains(number) }
        if !numbers.isEmpty, texts.isEmpty, let number = Self.number(value) { return numbers.contains(number) }
        guard let text = value.textValue?.lowercased() else { return false }
        return texts.contains(text)
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number): return number
        case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }
}
