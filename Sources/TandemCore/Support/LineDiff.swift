/// A line-by-line comparison of two texts, as people read a change to a scoring model: the
/// lines both keep, the lines only the old one has, the lines only the new one has.
public enum LineDiff {
    public enum Line: Sendable, Hashable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The longest stretch of differing lines compared exactly. The comparison keeps a table of
    /// one cell per pair of differing lines, so its cost is bounded here; past it, the middle is
    /// shown as all removed, then all added.
    public static let maximumComparedLines = 2000

    /// The lines of `old` and `new` in order, marked same, removed or added (a longest common
    /// subsequence of the lines that differ after the common start and end are set aside).
    public static func compare(_ old: String, _ new: String) -> [Line] {
        let before = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let after = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var prefix = 0
        while prefix < before.count, prefix < after.count, before[prefix] == after[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < before.count - prefix, suffix < after.count - prefix,
            before[before.count - 1 - suffix] == after[after.count - 1 - suffix]
        {
            suffix += 1
        }
        let removedMiddle = Array(before[prefix..<(before.count - suffix)])
        let addedMiddle = Array(after[prefix..<(after.count - suffix)])
        var lines = before[..<prefix].map(Line.same)
        if removedMiddle.count > maximumComparedLines || addedMiddle.count > maximumComparedLines {
            lines += removedMiddle.map(Line.removed) + addedMiddle.map(Line.added)
        } else {
            lines += middle(removedMiddle, addedMiddle)
        }
        return lines + before[(before.count - suffix)...].map(Line.same)
    }

    /// The classic dynamic programme: `table[i][j]` is the longest common subsequence of the
    /// lines from `i` and from `j` on, read forward to emit the lines in order.
    private static func middle(_ old: [String], _ new: [String]) -> [Line] {
        let width = new.count + 1
        var table = [UInt16](repeating: 0, count: (old.count + 1) * width)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                table[i * width + j] =
                    old[i] == new[j] ? table[(i + 1) * width + j + 1] + 1 : max(table[(i + 1) * width + j], table[i * width + j + 1])
            }
        }
        var lines: [Line] = []
        var (i, j) = (0, 0)
        while i < old.count, j < new.count {
            if old[i] == new[j] {
                lines.append(.same(old[i]))
                i += 1
                j += 1
            } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
                lines.append(.removed(old[i]))
                i += 1
            } else {
                lines.append(.added(new[j]))
                j += 1
            }
        }
        return lines + old[i...].map(Line.removed) + new[j...].map(Line.added)
    }
}
