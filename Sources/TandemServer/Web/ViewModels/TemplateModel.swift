import Mustache

/// A typed view model for a Mustache template. Templates name fields in snake_case (as the REST
/// API's JSON does) and the model's properties are Swift's camelCase: the lookup joins them, so
/// `{{call_now}}` reads `callNow`. A name the model lacks answers `nil`, and Mustache looks
/// further up the context stack, as it does for a dictionary's missing key.
protocol TemplateModel: MustacheParent, Sendable {}

extension TemplateModel {
    func child(named name: String) -> Any? { TemplateLookup.field(name, of: self) }
}

enum TemplateLookup {
    /// The stored property a template name stands for, with an optional unwrapped: `nil` is
    /// what makes a `{{#section}}` render nothing.
    static func field(_ name: String, of model: Any) -> Any? {
        let key = camelCase(name)
        guard let value = Mirror(reflecting: model).children.first(where: { $0.label == key })?.value else { return nil }
        return unwrapped(value)
    }

    /// A template name in the model's spelling: `speed_to_lead` is `speedToLead`.
    static func camelCase(_ name: String) -> String {
        guard name.contains("_") else { return name }
        let words = name.split(separator: "_")
        return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }
            .joined()
    }

    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        guard let wrapped = mirror.children.first?.value else { return nil }
        return unwrapped(wrapped)
    }
}

/// What a page's template renders against: the page's model, and the form token every form
/// on every page needs.
struct PageScope: MustacheParent {
    let model: Any
    let csrf: String?

    func child(named name: String) -> Any? {
        if name == "csrf" { return csrf }
        if let parent = model as? MustacheParent { return parent.child(named: name) }
        return TemplateLookup.field(name, of: model)
    }
}
