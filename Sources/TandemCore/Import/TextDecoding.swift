/// Reads the bytes of a file people exported from another tool: UTF-8 with or without a
/// byte-order mark, or Latin-1 (Windows "ANSI" exports), told apart by whether the bytes are
/// valid UTF-8.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8, latin1 }

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
