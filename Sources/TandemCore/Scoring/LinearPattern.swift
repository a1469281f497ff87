// Regular expressions for scoring rules that run in linear time, whatever the pattern.
//
// Marketing users and API keys write `matches` conditions, and each one runs on every event
// inside the ingest transaction. A backtracking engine (NSRegularExpression, like PCRE) can
// take exponential time on patterns such as `^(a+)+$`, stalling every client's ingest. This
// engine compiles a pattern to a small program and runs it as a Pike VM (Thompson's NFA
// simulation): every input scalar is looked at once per program instruction at most, so a
// match costs O(pattern × text), by construction. Backreferences and lookaround cannot be
// run that way and are refused when the rule is saved.

/// A compiled case-insensitive pattern. Supports literals, `.`, classes (`[a-z]`, `[^0-9]`),
/// `\d \w \s \D \W \S \b`, escapes of punctuation, anchors `^ $`, groups `( )` and `(?: )`,
/// alternation `|`, and the quantifiers `* + ? {n} {n,} {n,m}` (lazy forms accepted).
public struct LinearPattern: Sendable, Hashable {
    /// Longest pattern text accepted.
    public static let maxPatternLength = 500
    /// Largest count a `{n,m}` may name.
    public static let maxRepeat = 100
    /// Most instructions a pattern may compile to (counted repeats copy their body).
    public static let maxProgramSize = 4000

    let program: [Instruction]

    /// Why a pattern was refused; `message` is written for the person who typed it.
    public struct Refusal: Error, Sendable, Equatable {
        public let message: String
    }

    /// Compiles `text`, or says why it cannot run in linear time or is not a pattern.
    public init(_ text: String) throws(Refusal) {
        guard text.count <= Self.maxPatternLength else {
            throw Refusal(message: "the pattern is longer than \(Self.maxPatternLength) characters")
        }
        var parser = PatternParser(scalars: Array(text.unicodeScalars))
        let node = try parser.parse()
        var compiler = PatternCompiler()
        try compiler.emit(node)
        compiler.program.append(.accept)
        program = compiler.program
    }

    /// Whether the pattern matches anywhere in `text` (case-insensitively).
    public func matches(_ text: String) -> Bool {
        let input = Array(text.unicodeScalars)
        var current = ThreadList(capacity: program.count)
        var next = ThreadList(capacity: program.count)
        var stack: [Int] = []
        stack.reserveCapacity(program.count)
        for position in 0...input.count {
            // An unanchored search: a new thread starts at every position.
            if add(0, at: position, in: input, to: &current, stack: &stack) { return true }
            guard position < input.count else { break }
            let scalar = PatternParser.folded(input[position])
            next.clear()
            for pc in current.items {
                guard case .scalar(let set) = program[pc], set.contains(scalar) else { continue }
                if add(pc + 1, at: position + 1, in: input, to: &next, stack: &stack) { return true }
            }
            swap(&current, &next)
        }
        return false
    }

    /// Adds the thread at `start` and everything it reaches without reading input; true when
    /// one of them accepts. An explicit stack: no recursion depth an input could grow.
    /// `stack` is scratch space, kept between calls so the innermost loop allocates nothing.
    private func add(
        _ start: Int, at position: Int, in input: [Unicode.Scalar], to list: inout ThreadList, stack: inout [Int]
    ) -> Bool {
        stack.removeAll(keepingCapacity: true)
        stack.append(start)
        while let pc = stack.popLast() {
            guard pc < program.count, list.insert(pc) else { continue }
            switch program[pc] {
            case .accept: return true
            case .scalar: continue
            case .jump(let target): stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .assert(let assertion):
                if assertion.holds(at: position, in: input) { stack.append(pc + 1) }
            }
        }
        return false
    }
}

/// One step of a compiled pattern.
enum Instruction: Sendable, Hashable {
    case scalar(ScalarSet)
    case split(Int, Int)
    case jump(Int)
    case assert(Assertion)
    case accept
}

/// A zero-width test at a position.
enum Assertion: Sendable, Hashable {
    case start, end, wordBoundary, notWordBoundary

    func holds(at position: Int, in input: [Unicode.Scalar]) -> Bool {
        switch self {
        case .start: return position == 0
        case .end: return position == input.count
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && ScalarSet.word.contains(input[position - 1])
            let after = position < input.count && ScalarSet.word.contains(input[position])
            return (before != after) == (self == .wordBoundary)
        }
    }
}

/// The scalars one position may hold: ranges of code points, possibly negated.
struct ScalarSet: Sendable, Hashable {
    var ranges: [ClosedRange<UInt32>]
    var negated = false

    static let any = ScalarSet(ranges: [0x0A...0x0A], negated: true)
    static let digit = ScalarSet(ranges: [0x30...0x39])
    static let word = ScalarSet(ranges: [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    static let space = ScalarSet(ranges: [0x09...0x0D, 0x20...0x20, 0xA0...0xA0])

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        var found = ranges.contains { $0.contains(value) }
        // Case-insensitive: the text is folded to lower case; a class written in upper case
        // (`[A-Z]`) still matches.
        if !found, (0x61...0x7A).contains(value) { found = ranges.contains { $0.contains(value - 0x20) } }
        return found != negated
    }

    var inverted: ScalarSet { ScalarSet(ranges: ranges, negated: !negated) }
}

/// A pattern as a tree, before compiling.
indirect enum PatternNode: Sendable {
    case empty
    case set(ScalarSet)
    case assertion(Assertion)
    case sequence([PatternNode])
    case alternatives([PatternNode])
    case repeated(PatternNode, min: Int, max: Int?)
}

/// The active threads of the VM: a sparse set, so clearing and membership are O(1).
struct ThreadList {
    private(set) var items: [Int] = []
    private var seen: [Bool]

    init(capacity: Int) {
        seen = Array(repeating: false, count: capacity)
        items.reserveCapacity(capacity)
    }

    /// Adds `pc`; false when it was there already.
    mutating func insert(_ pc: Int) -> Bool {
        guard !seen[pc] else { return false }
        seen[pc] = true
        items.append(pc)
        return true
    }

    mutating func clear() {
        for pc in items { seen[pc] = false }
        items.removeAll(keepingCapacity: true)
    }
}
