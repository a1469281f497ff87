import Foundation

/// A syntactically valid email address, kept as typed and in the normalised form that makes
/// leads unique (case-insensitive).
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as given, trimmed.
    public let value: String
    /// Lower-cased: two addresses that differ only in case are the same person.
    public let normalized: String
    /// The part after `@`, lower-cased.
    public let domain: String

    /// Validates `text`; throws a `ValidationError` on `field` saying what is wrong.
    public init(_ text: String, field: String = "email") throws {
        let trimmed = text.trimmed
        func invalid(_ why: String) -> ValidationError {
            ValidationError(code: "invalid_email", field: field, message: "'\(trimmed)' is not a valid email address: \(why)")
        }
        guard !trimmed.isEmpty else {
            throw ValidationError(code: "invalid_email", field: field, message: "email is empty")
        }
        guard trimmed.utf8.count <= 254 else { throw invalid("longer than 254 characters") }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last?.lowercased() else {
            throw invalid("it needs exactly one '@'")
        }
        guard !local.isEmpty, local.utf8.count <= 64 else { throw invalid("the part before '@' is empty or too long") }
        guard !local.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }) else {
            throw invalid("the part before '@' has a space or a forbidden character")
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            throw invalid("dots are misplaced before '@'")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }) else {
            throw invalid("the domain needs a name and a top-level part, like example.com")
        }
        guard
            labels.allSatisfy({ label in
                label.utf8.allSatisfy { Self.isDomainByte($0) } && !label.hasPrefix("-") && !label.hasSuffix("-")
            })
        else { throw invalid("the domain has a character that is not allowed") }
        self.value = trimmed
        self.normalized = trimmed.lowercased()
        self.domain = domain
    }

    /// Letters, digits and '-' (already lower-cased), or any byte of a non-ASCII (IDN) label.
    private static func isDomainByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte >= 0x80
    }

    /// True when the address belongs to a free-mail provider.
    public var isFreeMail: Bool { FreeMailDomains.contains(domain) }

    /// The domain that joins this person to an account, `nil` for free-mail addresses.
    public var accountDomain: String? { isFreeMail ? nil : domain }

    public var description: String { value }
}
