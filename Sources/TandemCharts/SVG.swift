import Foundation

/// Builds SVG markup. Every text and attribute value passes through `escape`, so a lead named
/// `<script>` draws as text.
struct SVG {
    private(set) var markup = ""

    static func escape(_ text: String) -> String { Markup.escape(text) }

    /// A number as SVG wants it: at most two decimals, no exponent.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded(), let whole = Int(exactly: rounded) { return String(whole) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        markup += "<\(name)\(Self.attributes(attributes))>"
    }

    mutating func close(_ name: String) {
        markup += "</\(name)>"
    }

    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        if let text {
            markup += "<\(name)\(Self.attributes(attributes))>\(Self.escape(text))</\(name)>"
        } else {
            markup += "<\(name)\(Self.attributes(attributes))/>"
        }
    }

    private static func attributes(_ list: [(String, String)]) -> String {
        list.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    /// Opens the root element with an accessible name and description, as screen readers need.
    mutating func start(width: Double, height: Double, title: String, description: String, className: String) {
        let id = "chart-\(Self.identifier(title + description))"
        open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Self.number(width)) \(Self.number(height))"),
                ("role", "img"), ("aria-labelledby", "\(id)-title \(id)-desc"), ("class", "chart \(className)"),
                ("preserveAspectRatio", "xMidYMid meet"), ("font-family", "system-ui, sans-serif"), ("font-size", "12"),
            ])
        element("title", [("id", "\(id)-title")], text: title)
        element("desc", [("id", "\(id)-desc")], text: description)
    }

    /// A short stable id, so two charts on one page do not share `aria` ids.
    private static func identifier(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return String(hash, radix: 36)
    }
}
