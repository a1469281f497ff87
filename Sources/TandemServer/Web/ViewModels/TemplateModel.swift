import Mustache

/// A typed view model for a Mustache template. Each model lists the names its template uses,
/// in snake_case as the REST API's JSON spells them, with the key path each reads: the compiler
/// checks every path, and a lookup is one hash and one key-path read (reflecting with `Mirror`,
/// Mustache's default, made the inbox two and a half times slower). A name the model does not
/// list answers `nil`, and Mustache looks further up the context stack, as it does for a
/// dictionary's missing key.
protocol TemplateModel: MustacheParent, Sendable {
    static var fields: TemplateFields<Self> { get }
}

/// A model's template names and the key path each reads.
struct TemplateFields<Model>: ExpressibleByDictionaryLiteral, @unchecked Sendable {
    // Unchecked: key paths are immutable values, and the table is written once, in a
    // `static let`; the standard library does not mark them Sendable.
    private let paths: [String: PartialKeyPath<Model>]

    init(dictionaryLiteral elements: (String, PartialKeyPath<Model>)...) {
        paths = Dictionary(elements, uniquingKeysWith: { first, _ in first })
    }

    subscript(name: String) -> PartialKeyPath<Model>? { paths[name] }
}

extension TemplateModel {
    func child(named name: String) -> Any? { field(named: name) }

    /// The listed field's value; a model that falls back elsewhere calls this first.
    func field(named name: String) -> Any? {
        guard let path = Self.fields[name] else { return nil }
        return TemplateLookup.unwrapped(self[keyPath: path])
    }
}

enum TemplateLookup {
    /// An optional's value, or `nil`: `nil` is what makes a `{{#section}}` render nothing.
    static func unwrapped(_ value: Any) -> Any? {
        guard let optional = value as? any OptionalValue else { return value }
        return optional.wrappedAny.flatMap(unwrapped)
    }
}

private protocol OptionalValue {
    var wrappedAny: Any? { get }
}

extension Optional: OptionalValue {
    fileprivate var wrappedAny: Any? { self }
}

/// What a page's template renders against: the page's model, and the form token every form
/// on every page needs.
struct PageScope: MustacheParent {
    let model: any MustacheParent
    let csrf: String?

    func child(named name: String) -> Any? {
        name == "csrf" ? csrf : model.child(named: name)
    }
}
