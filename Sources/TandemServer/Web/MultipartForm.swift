import Foundation
import NIOCore

/// A `multipart/form-data` body, as browsers send a form with a file: each part with its
/// name, its file name when it is a file, and its bytes. The body is read whole, so the caller
/// bounds it first.
struct MultipartForm {
    struct Part {
        let name: String
        let filename: String?
        let bytes: [UInt8]
    }

    let parts: [Part]

    /// Nil when the content type names no boundary or the body is not well formed.
    init?(contentType: String, body: ByteBuffer) {
        guard
            let boundaryPart = contentType.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })
        else { return nil }
        let boundary = String(boundaryPart.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard !boundary.isEmpty, boundary.utf8.count <= 200 else { return nil }
        let bytes = Array(body.readableBytesView)
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        var cursor = 0
        guard let first = Self.find(delimiter, in: bytes, from: 0) else { return nil }
        cursor = first + delimiter.count
        while cursor + 2 <= bytes.count {
            // "--" after a delimiter ends the body; CR LF starts the next part.
            if bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: "-") { break }
            guard bytes[cursor] == 13, bytes[cursor + 1] == 10 else { return nil }
            let headerStart = cursor + 2
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: bytes, from: headerStart) else { return nil }
            let headers = String(decoding: bytes[headerStart..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find(Array("\r\n".utf8) + delimiter, in: bytes, from: contentStart) else { return nil }
            let disposition = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") }
            if let disposition, let name = Self.parameter("name", in: String(disposition)) {
                parts.append(
                    Part(
                        name: name, filename: Self.parameter("filename", in: String(disposition)), bytes: Array(bytes[contentStart..<next]))
                )
            }
            cursor = next + 2 + delimiter.count
        }
        self.parts = parts
    }

    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// `name="value"` of a header line.
    private static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix(name + "=") else { continue }
            return String(pair.dropFirst(name.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// Where `needle` first occurs in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let firstByte = needle.first, needle.count <= haystack.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == firstByte, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
