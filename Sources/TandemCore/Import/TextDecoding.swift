/// Reads the bytes of a file people exported from another tool: UTF-8 with or without a
/// byte-order mark, or Latin-1 (Windows "ANSI" exports), told apart by whether the bytes are
/// valid UTF-8.
public enum TextDecoding {
    public enum Encoding: String, Sendable, CaseIterable, Codable { case utf8, latin1 }

    /// The text and the encoding it was read with.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: Encoding) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
        var scalars = String.UnicodeScalarView()
        for byte in body { scalars.append(Unicode.Scalar(byte)) }
        return (String(scalars), .latin1)
    }
}

/// Tells UTF-8 from Latin-1 over a file read in chunks, as `TextDecoding.decode` does over
/// the whole: the file is UTF-8 when every chunk is, a sequence cut at a chunk's end carried
/// into the next.
public struct UTF8Detector: Sendable {
    private var carry: [UInt8] = []
    private var started = false
    public private(set) var isValid = true

    public init() {}

    public mutating func feed(_ chunk: [UInt8]) {
        guard isValid else { return }
        var bytes = carry + chunk
        if !started {
            started = true
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        }
        // Keep back an incomplete multi-byte sequence at the end for the next chunk.
        var cut = bytes.count
        for back in stride(from: 1, through: min(3, bytes.count), by: 1) {
            let byte = bytes[bytes.count - back]
            if byte & 0xC0 == 0xC0 {
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                if back < length { cut = bytes.count - back }
                break
            }
            if byte < 0x80 { break }
        }
        carry = Array(bytes[cut...])
        if String(validating: bytes[..<cut], as: UTF8.self) == nil { isValid = false }
    }

    /// The encoding, once every chunk was fed.
    public var encoding: TextDecoding.Encoding { isValid && carry.isEmpty ? .utf8 : .latin1 }
}
