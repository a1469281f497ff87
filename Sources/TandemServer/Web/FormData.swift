import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, as browsers post forms.
public struct FormData: Sendable {
    private var values: [String: [String]] = [:]

    /// Forms in Tandem are small; anything larger is refused before parsing.
    static let maximumBytes = 64 * 1024

    public init(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts.first.map(Self.decode) ?? ""
            let value = parts.dropFirst().first.map(Self.decode) ?? ""
            values[name, default: []].append(value)
        }
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value of `name`, NUL characters removed.
    public subscript(_ name: String) -> String? {
        values[name]?.first.map { $0.replacingOccurrences(of: "\u{0}", with: "") }
    }

    /// The first value of `name` as sent (`parameters.get` of Hummingbird's query, with `+`
    /// read as a space as HTML forms sent with GET mean it).
    public func get(_ name: String) -> String? { values[name]?.first }

    /// Every value of a repeated `name`, in order.
    public func getAll(_ name: String) -> [String] { values[name] ?? [] }

    /// Every name with its first value.
    public var pairs: [(name: String, value: String)] {
        values.sorted { $0.key < $1.key }.compactMap { entry in entry.value.first.map { (entry.key, $0) } }
    }

    /// The value of `name`, or empty text.
    public func text(_ name: String) -> String { self[name] ?? "" }

    /// Whether a checkbox named `name` was ticked.
    public func isChecked(_ name: String) -> Bool { self[name] != nil }
}

extension Request {
    /// The query string read as a form: `+` is a space, as search boxes send it. Hummingbird's
    /// `uri.queryParameters` keeps the `+`.
    var query: FormData { FormData(uri.query ?? "") }
}
