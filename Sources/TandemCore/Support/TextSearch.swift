/// Substring search on UTF-8 bytes. Scoring tests every event and lead against text rules;
/// Foundation's `contains` goes through `NSString` and locale-aware comparison, many times
/// slower for the short, already lower-cased texts rules compare.
extension String {
    /// Whether `needle` occurs in this string, byte for byte.
    func containsBytes(of needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { text in
            needle.withUTF8 { pattern in
                guard !pattern.isEmpty else { return true }
                guard pattern.count <= text.count else { return false }
                let first = pattern[0]
                var start = 0
                let last = text.count - pattern.count
                while start <= last {
                    if text[start] == first {
                        var matched = true
                        var offset = 1
                        while offset < pattern.count {
                            if text[start + offset] != pattern[offset] {
                                matched = false
                                break
                            }
                            offset += 1
                        }
                        if matched { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
