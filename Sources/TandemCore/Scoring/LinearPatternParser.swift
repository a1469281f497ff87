// Reads a pattern's text into a tree and compiles the tree to a Pike VM program
// (see LinearPattern.swift for why).

/// A recursive-descent reader of the supported syntax. Nesting is bounded, so no pattern can
/// recurse deep enough to exhaust the stack.
struct PatternParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var depth = 0
    static let maxDepth = 32

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    typealias Refusal = LinearPattern.Refusal

    mutating func parse() throws(Refusal) -> PatternNode {
        let node = try alternatives()
        if index < scalars.count { throw Refusal(message: "unmatched ')' at position \(index + 1)") }
        return node
    }

    /// Lower case for matching: ASCII directly, other scalars when they fold to one scalar.
    static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if (0x41...0x5A).contains(scalar.value) { return Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value + 0x20)) }
        guard scalar.value >= 0x80, scalar.properties.changesWhenLowercased else { return scalar }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? (lower.first ?? scalar) : scalar
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func alternatives() throws(Refusal) -> PatternNode {
        var options = [try sequence()]
        while current == "|" {
            index += 1
            options.append(try sequence())
        }
        return options.count == 1 ? options[0] : .alternatives(options)
    }

    private mutating func sequence() throws(Refusal) -> PatternNode {
        var items: [PatternNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            let atom = try self.atom()
            items.append(try quantified(atom))
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func atom() throws(Refusal) -> PatternNode {
        guard let scalar = current else { return .empty }
        index += 1
        switch scalar {
        case "^": return .assertion(.start)
        case "$": return .assertion(.end)
        case ".": return .set(.any)
        case "[": return .set(try characterClass())
        case "\\": return try escape(inClass: false)
        case "(": return try group()
        case "*", "+", "?": throw Refusal(message: "'\(scalar)' at position \(index) repeats nothing")
        case "{":
            // A brace that does not start a valid repeat is a literal, as in most engines.
            return .set(ScalarSet(ranges: [scalar.value...scalar.value]))
        default:
            let folded = Self.folded(scalar).value
            return .set(ScalarSet(ranges: [folded...folded]))
        }
    }

    private mutating func group() throws(Refusal) -> PatternNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw Refusal(message: "groups are nested more than \(Self.maxDepth) deep") }
        if current == "?" {
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch next {
            case ":": index += 2
            case "i":
                // `(?i)`: every pattern is case-insensitive already.
                guard index + 2 < scalars.count, scalars[index + 2] == ")" else {
                    throw Refusal(message: "only the flag (?i) is supported")
                }
                index += 3
                return .empty
            case "=", "!", "<":
                throw Refusal(
                    message: "lookaround is not supported: scoring patterns run in linear time, which lookaround cannot")
            default: throw Refusal(message: "unsupported group syntax '(?' at position \(index)")
            }
        }
        let inner = try alternatives()
        guard current == ")" else { throw Refusal(message: "a group opened with '(' is not closed") }
        index += 1
        return inner
    }

    private mutating func quantified(_ atom: PatternNode) throws(Refusal) -> PatternNode {
        var node = atom
        while let scalar = current {
            let bounds: (Int, Int?)
            switch scalar {
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "?": bounds = (0, 1)
            case "{":
                guard let counted = try countedRepeat() else { return node }
                bounds = counted
            default: return node
            }
            if case .assertion = node { throw Refusal(message: "an anchor cannot be repeated (position \(index + 1))") }
            index += scalar == "{" ? 0 : 1
            if current == "?" || current == "+" { index += 1 }  // lazy and possessive forms match the same texts
            node = .repeated(node, min: bounds.0, max: bounds.1)
        }
        return node
    }

    /// `{n}`, `{n,}` or `{n,m}` at the current position, consumed; `nil` (nothing consumed)
    /// when the brace does not start one.
    private mutating func countedRepeat() throws(Refusal) -> (Int, Int?)? {
        var cursor = index + 1
        func number() -> Int? {
            var value: Int?
            while cursor < scalars.count, let digit = Int(exactly: scalars[cursor].value), (0x30...0x39).contains(digit) {
                value = min((value ?? 0) * 10 + digit - 0x30, 1_000_000)
                cursor += 1
            }
            return value
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if cursor < scalars.count, scalars[cursor] == "," {
            cursor += 1
            high = number()
        }
        guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
        guard low <= LinearPattern.maxRepeat, (high ?? 0) <= LinearPattern.maxRepeat else {
            throw Refusal(message: "a repeat count above \(LinearPattern.maxRepeat) at position \(index + 1)")
        }
        if let high, high < low { throw Refusal(message: "{\(low),\(high)} counts down at position \(index + 1)") }
        index = cursor + 1
        return (low, high)
    }

    private mutating func escape(inClass: Bool) throws(Refusal) -> PatternNode {
        guard let scalar = current else { throw Refusal(message: "the pattern ends with a lone '\\'") }
        index += 1
        switch scalar {
        case "d": return .set(.digit)
        case "D": return .set(ScalarSet.digit.inverted)
        case "w": return .set(.word)
        case "W": return .set(ScalarSet.word.inverted)
        case "s": return .set(.space)
        case "S": return .set(ScalarSet.space.inverted)
        case "b" where !inClass: return .assertion(.wordBoundary)
        case "B" where !inClass: return .assertion(.notWordBoundary)
        case "n": return .set(ScalarSet(ranges: [0x0A...0x0A]))
        case "t": return .set(ScalarSet(ranges: [0x09...0x09]))
        case "r": return .set(ScalarSet(ranges: [0x0D...0x0D]))
        case "1"..."9":
            throw Refusal(message: "backreferences are not supported: scoring patterns run in linear time, which they cannot")
        default:
            guard !scalar.properties.isAlphabetic, !("0"..."9").contains(scalar) else {
                throw Refusal(message: "unknown escape '\\\(scalar)' at position \(index - 1)")
            }
            return .set(ScalarSet(ranges: [scalar.value...scalar.value]))
        }
    }

    /// `[...]` after its `[`: ranges, single scalars and `\d`-style escapes, maybe negated.
    private mutating func characterClass() throws(Refusal) -> ScalarSet {
        var set = ScalarSet(ranges: [])
        if current == "^" {
            set.negated = true
            index += 1
        }
        var first = true
        while let scalar = current, scalar != "]" || first {
            first = false
            index += 1
            var low: UInt32
            if scalar == "\\" {
                guard case .set(let escaped) = try escape(inClass: true) else { continue }
                if escaped.negated || escaped.ranges.count != 1 || escaped.ranges[0].count != 1 {
                    guard !escaped.negated else { throw Refusal(message: "a negated escape (\\D, \\W, \\S) inside [...]") }
                    set.ranges += escaped.ranges
                    continue
                }
                low = escaped.ranges[0].lowerBound
            } else {
                low = scalar.value
            }
            if current == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                let high = scalars[index + 1].value
                index += 2
                guard low <= high else { throw Refusal(message: "the class range at position \(index - 2) runs backwards") }
                set.ranges.append(low...high)
            } else {
                // A single scalar is folded like the text; ranges are matched both ways in `contains`.
                let folded = Unicode.Scalar(low).map { Self.folded($0).value } ?? low
                set.ranges.append(folded...folded)
            }
        }
        guard current == "]" else { throw Refusal(message: "a class opened with '[' is not closed") }
        index += 1
        return set
    }
}

/// Turns a pattern tree into VM instructions, refusing programs past the size limit.
struct PatternCompiler {
    var program: [Instruction] = []

    mutating func emit(_ node: PatternNode) throws(LinearPattern.Refusal) {
        guard program.count <= LinearPattern.maxProgramSize else {
            throw LinearPattern.Refusal(
                message: "the pattern is too large once its repeats are expanded (over \(LinearPattern.maxProgramSize) steps)")
        }
        switch node {
        case .empty: break
        case .set(let set): program.append(.scalar(set))
        case .assertion(let assertion): program.append(.assert(assertion))
        case .sequence(let items):
            for item in items { try emit(item) }
        case .alternatives(let options):
            var jumps: [Int] = []
            for (position, option) in options.enumerated() {
                if position < options.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    try emit(option)
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(option)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repeated(let body, let min, let max):
            for _ in 0..<min { try emit(body) }
            if let max {
                // Each optional copy may be skipped to the end.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, -1))
                    try emit(body)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let loop = program.count
                program.append(.split(loop + 1, -1))
                try emit(body)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }
}
