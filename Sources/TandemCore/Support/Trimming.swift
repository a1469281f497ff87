extension StringProtocol {
    /// The text without leading and trailing white space (line breaks included).
    ///
    /// Foundation's `trimmingCharacters(in:)` bridges through UTF-16 on Linux; imports trim
    /// every cell of every row, so this stays in native Unicode scalars.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return String(self) }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
