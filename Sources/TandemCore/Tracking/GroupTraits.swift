/// Reads what a `group` call says about an account. Checked when the message is parsed, so a
/// bad value is refused with its field before anything is written.
public enum GroupTraits {
    /// The largest head count accepted: more than any company has.
    public static let maxEmployees: Int64 = 100_000_000

    /// The account's head count from `employees` (or `employee_count`): a whole number, or
    /// text such as "1,200" or "51-200" (the lower bound); `nil` when absent.
    public static func employeeCount(in traits: [String: JSONValue]) throws(ValidationError) -> Int64? {
        let key = traits["employees"] != nil ? "employees" : "employee_count"
        func refused() -> ValidationError {
            ValidationError(
                code: "invalid_value", field: "traits.\(key)",
                message: "'\(key)' must be a whole number of employees from 0 to \(maxEmployees)")
        }
        switch traits[key] {
        case nil, .null?: return nil
        case .number(let number)?:
            guard let count = number.wholeNumber(in: 0...maxEmployees) else { throw refused() }
            return count
        case .string(let text)?:
            guard !text.trimmed.isEmpty else { return nil }
            var probe = LeadInput()
            do { try probe.set(.companySize, text: text) } catch { throw refused() }
            guard case .some(.some(let size)) = probe.companySize, let count = Int64(exactly: size), count <= maxEmployees else {
                throw refused()
            }
            return count
        default: throw refused()
        }
    }
}
