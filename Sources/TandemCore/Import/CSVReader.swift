/// An RFC 4180 CSV reader that yields one record at a time with the line it started on, so
/// an import can name the line of every bad row. Quoted fields may hold commas, quotes (`""`)
/// and line breaks; CRLF and LF both end a record.
public struct CSVReader: Sequence, IteratorProtocol {
    /// One record and the 1-based line where it starts.
    public struct Record: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private let separator: UInt8

    /// - Parameter separator: the field separator; `;` for European spreadsheet exports.
    public init(text: String, separator: Character = ",") {
        self.bytes = Array(text.utf8)
        self.separator = separator.asciiValue ?? UInt8(ascii: ",")
    }

    /// Guesses the separator from the header line: the most frequent of `,`, `;` and tab.
    public static func detectSeparator(_ text: String) -> Character {
        let header = text.prefix { $0 != "\n" && $0 != "\r" }
        let counts: [(Character, Int)] = [",", ";", "\t"].map { candidate in (candidate, header.filter { $0 == candidate }.count) }
        return counts.max { $0.1 < $1.1 }.flatMap { $0.1 > 0 ? $0.0 : nil } ?? ","
    }

    public mutating func next() -> Record? {
        guard index < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var fieldWasQuoted = false
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 2
                        continue
                    }
                    quoted = false
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if field.isEmpty && !fieldWasQuoted {
                    quoted = true
                    fieldWasQuoted = true
                } else {
                    field.append(byte)
                }
                index += 1
            case separator:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldWasQuoted = false
                index += 1
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                    index += 1
                }
                index += 1
                line += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return Record(line: startLine, fields: fields)
            default:
                field.append(byte)
                index += 1
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return Record(line: startLine, fields: fields)
    }
}
