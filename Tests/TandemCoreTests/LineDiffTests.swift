import Testing

@testable import TandemCore

@Suite("Line diff")
struct LineDiffTests {
    /// Applying the diff's kept and added lines gives the new text; its kept and removed lines
    /// give the old one.
    func check(_ old: String, _ new: String) {
        let diff = LineDiff.compare(old, new)
        let before = diff.compactMap { line -> String? in
            switch line {
            case .same(let text), .removed(let text): return text
            case .added: return nil
            }
        }
        let after = diff.compactMap { line -> String? in
            switch line {
            case .same(let text), .added(let text): return text
            case .removed: return nil
            }
        }
        #expect(before.joined(separator: "\n") == old)
        #expect(after.joined(separator: "\n") == new)
    }

    @Test("a changed line reads as removed then added, with everything else kept")
    func changedLine() {
        let diff = LineDiff.compare("a\nb\nc", "a\nB\nc")
        #expect(diff == [.same("a"), .removed("b"), .added("B"), .same("c")])
    }

    @Test("identical texts are all kept; an empty side is all added or all removed")
    func edges() {
        #expect(LineDiff.compare("x\ny", "x\ny") == [.same("x"), .same("y")])
        #expect(LineDiff.compare("", "a") == [.removed(""), .added("a")])
        check("", "a\nb")
        check("a\nb", "")
    }

    @Test("the diff keeps a longest common run: moved blocks and insertions reconstruct both texts")
    func reconstructs() {
        var random = TestRandom(seed: 7)
        for _ in 0..<200 {
            let old = (0..<Int.random(in: 1...12, using: &random)).map { _ in String(Int.random(in: 0...4, using: &random)) }
            let new = (0..<Int.random(in: 1...12, using: &random)).map { _ in String(Int.random(in: 0...4, using: &random)) }
            check(old.joined(separator: "\n"), new.joined(separator: "\n"))
            let diff = LineDiff.compare(old.joined(separator: "\n"), new.joined(separator: "\n"))
            let kept = diff.filter { if case .same = $0 { return true } else { return false } }.count
            #expect(kept == Self.lcs(old, new), "\(old) → \(new)")
        }
    }

    @Test("texts past the compared size still reconstruct, without the quadratic table")
    func large() {
        let old = (0..<3000).map { "line \($0)" }.joined(separator: "\n")
        let new = (0..<3000).map { "line \($0 * 7)" }.joined(separator: "\n")
        check(old, new)
    }

    static func lcs(_ a: [String], _ b: [String]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in a.indices.reversed() {
            for j in b.indices.reversed() {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }
}
