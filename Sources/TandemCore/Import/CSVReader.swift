/// An RFC 4180 CSV reader that yields one record at a time with the line it started on, so
/// an import can name the line of every bad row. Quoted fields may hold commas, quotes (`""`)
/// and line breaks; CRLF and LF both end a record.
///
/// It reads from a source of byte chunks (`refill`), keeping only the record being read, so an
/// import of any size runs in bounded memory. A record longer than `maxRecordBytes` is an error
/// rather than a reason to buffer the rest of the file.
public struct CSVReader: Sequence, IteratorProtocol {
    /// One record and the 1-based line where it starts.
    public struct Record: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    /// A record too long to be a row of a CRM export (a quote left open, say).
    public struct RecordTooLong: Error, Sendable, Equatable {
        public let line: Int
    }

    /// The longest record accepted: 1 MiB.
    public static let maxRecordBytes = 1 << 20

    private var buffer: [UInt8]
    private var index = 0
    private var line = 1
    private let separator: UInt8
    private let encoding: TextDecoding.Encoding
    private var refill: (() throws -> [UInt8]?)?
    /// Set when a record ran past `maxRecordBytes`; iteration stops there.
    public private(set) var failure: RecordTooLong?
    /// Set when the source could not be read; iteration stops there.
    public private(set) var readFailure: String?

    /// A reader of text already in memory.
    /// - Parameter separator: the field separator; `;` for European spreadsheet exports.
    public init(text: String, separator: Character = ",") {
        self.buffer = Array(text.utf8)
        self.separator = separator.asciiValue ?? UInt8(ascii: ",")
        self.encoding = .utf8
    }

    /// A reader of byte chunks in `encoding`, from `refill` until it returns `nil`.
    public init(separator: Character = ",", encoding: TextDecoding.Encoding, refill: @escaping () throws -> [UInt8]?) {
        self.buffer = []
        self.separator = separator.asciiValue ?? UInt8(ascii: ",")
        self.encoding = encoding
        self.refill = refill
    }

    /// Guesses the separator from the header line: the most frequent of `,`, `;` and tab.
    public static func detectSeparator(_ text: String) -> Character {
        let header = text.prefix { $0 != "\n" && $0 != "\r" }
        let counts: [(Character, Int)] = [",", ";", "\t"].map { candidate in (candidate, header.filter { $0 == candidate }.count) }
        return counts.max { $0.1 < $1.1 }.flatMap { $0.1 > 0 ? $0.0 : nil } ?? ","
    }

    public mutating func next() -> Record? {
        while true {
            let start = index
            let startLine = line
            if let record = parseRecord() { return record }
            // The buffer ended inside a record (or is empty): read more and parse it again.
            index = start
            line = startLine
            var more: [UInt8]?
            do { more = try refill?() } catch { readFailure = "\(error)" }
            guard failure == nil, let more, !more.isEmpty else {
                refill = nil
                return index < buffer.count ? parseRecord(atEnd: true) : nil
            }
            buffer.removeFirst(index)
            index = 0
            guard buffer.count <= Self.maxRecordBytes else {
                failure = RecordTooLong(line: line)
                return nil
            }
            buffer += more
        }
    }

    /// The record at `index`, or `nil` when the buffer ends before it does (unless `atEnd`).
    private mutating func parseRecord(atEnd: Bool = false) -> Record? {
        guard index < buffer.count else { return nil }
        // More may come after the buffer's end: a record cut there is read again, whole.
        let moreMayCome = !atEnd && refill != nil
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var fieldWasQuoted = false
        while index < buffer.count {
            let byte = buffer[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < buffer.count, buffer[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 2
                        continue
                    }
                    // A quote as the buffer's last byte may be the first of a `""` pair.
                    if index + 1 == buffer.count, moreMayCome { return nil }
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
                fields.append(decode(field))
                field.removeAll(keepingCapacity: true)
                fieldWasQuoted = false
                index += 1
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                if byte == UInt8(ascii: "\r") {
                    // A CR as the buffer's last byte may be the first of a CRLF.
                    if index + 1 == buffer.count, moreMayCome { return nil }
                    if index + 1 < buffer.count, buffer[index + 1] == UInt8(ascii: "\n") { index += 1 }
                }
                index += 1
                line += 1
                fields.append(decode(field))
                return Record(line: startLine, fields: fields)
            default:
                field.append(byte)
                index += 1
            }
        }
        guard !moreMayCome else { return nil }
        fields.append(decode(field))
        return Record(line: startLine, fields: fields)
    }

    private func decode(_ bytes: [UInt8]) -> String {
        switch encoding {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .latin1:
            var scalars = String.UnicodeScalarView()
            for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
            return String(scalars)
        }
    }
}
