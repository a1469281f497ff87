import Foundation
import Testing

@testable import TandemCore

@Suite("Scoring patterns run in linear time")
struct LinearPatternTests {
    func matches(_ pattern: String, _ text: String) throws -> Bool {
        try LinearPattern(pattern).matches(text)
    }

    @Test("the syntax people write in scoring rules matches as a regular expression would")
    func agreesWithFoundation() throws {
        let patterns = [
            "^(c[emrt]o)$", "vp|vice president", "^head of", "\\bops\\b", "pricing(/.*)?$", "[0-9]{3,5}", "^a.c$",
            "colou?r", "(?:demo|trial) request", "^[^@]+@acme\\.io$", "x{2}y*", "\\d+\\s*employees", "\\w+-\\w+", "^$",
            "a{0,3}b", "[A-Z]+ team", "(a|b)*c", "\\.pdf$",
        ]
        let texts = [
            "cmo", "cto", "chief of staff", "vice president of sales", "head of growth", "revops", "dev ops lead",
            "https://a.example/pricing", "https://a.example/pricing/enterprise", "1234", "12", "abc", "a\nc", "color",
            "colour", "demo request", "trial request", "ann@acme.io", "ann@acme.io.evil", "xxyyy", "500 employees",
            "go-to-market", "", "aaab", "aaaab", "sales team", "ababbc", "whitepaper.pdf", "pdf",
        ]
        for pattern in patterns {
            let reference = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            for text in texts {
                let expected = reference.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                #expect(try matches(pattern, text) == expected, "\(pattern) on \(text.debugDescription)")
            }
        }
    }

    @Test("patterns that backtrack catastrophically elsewhere answer at once on long input")
    func catastrophicPatternsAreLinear() throws {
        let hostile = String(repeating: "a", count: 4096) + "!"
        for pattern in ["^(a+)+$", "(a|a)*$", "(a*)*b", "^(a|aa)+$", "(.*a){20}", "^(\\w+\\s?)*$"] {
            let start = ContinuousClock.now
            _ = try matches(pattern, hostile)
            // A backtracking engine needs longer than the universe's age here; linear time is milliseconds.
            #expect(ContinuousClock.now - start < .seconds(5), "\(pattern)")
        }
    }

    @Test("backreferences, lookaround and oversized patterns are refused with the reason")
    func refusals() {
        for (pattern, reason) in [
            ("(a)\\1", "backreferences"), ("foo(?=bar)", "lookaround"), ("(?<!x)y", "lookaround"), ("a{1000}", "repeat count"),
            ("(vp", "not closed"), ("[abc", "not closed"), ("*a", "repeats nothing"), ("a\\", "lone"),
            (String(repeating: "a", count: 600), "longer than"), ("(a{100}){100}", "too large"),
            (String(repeating: "(", count: 40) + String(repeating: ")", count: 40), "nested"),
        ] {
            #expect(throws: LinearPattern.Refusal.self, "\(pattern)") { try LinearPattern(pattern) }
            do {
                _ = try LinearPattern(pattern)
            } catch {
                #expect(error.message.contains(reason), "\(pattern): \(error.message)")
            }
        }
    }

    @Test("a rule's text operators read a bounded prefix of a value")
    func boundedInput() throws {
        let long = String(repeating: "x", count: 100_000) + "needle"
        let condition = try CompiledCondition(
            RuleCondition(field: "url", op: .contains, value: "needle"), kind: .text, path: "c")
        #expect(!condition.holds(for: .string(long)))
        #expect(condition.holds(for: .string("a needle")))
    }
}
