import Foundation

/// Writes RFC 4180 CSV: a field is quoted when it holds a separator, a quote or a line break.
public enum CSVWriter {
    public static func line(_ fields: [String?]) -> String {
        var line = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { line += "," }
            guard let field else { continue }
            if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                line += "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            } else {
                line += field
            }
        }
        return line + "\r\n"
    }
}
