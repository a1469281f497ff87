/// Bounds on a lead's free attributes. Traits arrive from public write keys: without bounds,
/// sixty identify calls gave one lead 720,000 attributes and every later write to it slowed
/// to seconds. An attribute over a bound is refused with a reason (the rest of the message is
/// kept); see docs/security.md.
public enum AttributeLimits {
    /// The most attributes one lead keeps; new names past it are refused.
    public static let maxKeysPerLead = 200
    /// The longest attribute name, in bytes.
    public static let maxKeyBytes = 100
    /// The longest text value, in bytes.
    public static let maxValueBytes = 2000

    /// Why `name = value` cannot be an attribute, or `nil` when it can.
    public static func refusal(name: String, value: JSONValue) -> String? {
        if name.isEmpty { return "an attribute needs a name" }
        if name.utf8.count > maxKeyBytes { return "the attribute name is longer than \(maxKeyBytes) bytes" }
        if case .string(let text) = value, text.utf8.count > maxValueBytes {
            return "the value of '\(name)' is longer than \(maxValueBytes) bytes"
        }
        if case .number(let number) = value, !number.isFinite { return "the value of '\(name)' is not a finite number" }
        return nil
    }
}
