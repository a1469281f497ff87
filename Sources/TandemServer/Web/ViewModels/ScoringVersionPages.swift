import TandemCore
import TandemStore

/// One saved version of the scoring model: its document, who saved it and when, and the way to
/// compare or restore it.
struct ScoringVersionPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "title": \.title, "saved": \.saved, "document": \.document, "in_force": \.inForce, "can_restore": \.canRestore,
        "version": \.version, "compare": \.compare,
    ]

    let title: String
    /// "Saved 2 Dec 2026 09:14 UTC by Maya Chen"; empty for the built-in model.
    let saved: String
    let document: String
    let inForce, canRestore: Bool
    let version: Int64
    let compare: CompareForm
}

/// The form that picks two versions to compare, each a select of the saved versions.
struct CompareForm: TemplateModel {
    static let fields: TemplateFields<Self> = ["from": \.from, "to": \.to]

    let from, to: [FilterOption]

    /// `versions` newest first; version 0, the built-in model, is always offered.
    init(versions: [ScoringModelVersion], from: Int64, to: Int64) {
        let numbers = versions.map(\.version) + [0]
        func options(_ selected: Int64) -> [FilterOption] {
            numbers.map {
                FilterOption(value: String($0), label: $0 == 0 ? "Built-in standard" : "Version \($0)", selected: $0 == selected)
            }
        }
        self.from = options(from)
        self.to = options(to)
    }
}

/// Two versions side by side as a line diff: what the newer one removed and added, with a few
/// unchanged lines around each change and the longer unchanged runs folded.
struct ScoringComparePage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "from_title": \.fromTitle, "to_title": \.toTitle, "lines": \.lines, "added": \.added, "removed": \.removed,
        "identical": \.identical, "compare": \.compare, "from": \.from, "to": \.to, "summary": \.summary,
    ]

    struct Line: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "kind": \.kind, "marker": \.marker, "text": \.text, "folded": \.folded, "changed": \.changed,
        ]

        /// `same`, `added`, `removed` or `folded` (a run of unchanged lines left out).
        let kind, marker, text: String
        var folded: Bool { kind == "folded" }
        var changed: Bool { kind == "added" || kind == "removed" }
    }

    static let context = 3

    let fromTitle, toTitle: String
    let from, to: Int64
    let lines: [Line]
    let added, removed: Int
    var identical: Bool { added == 0 && removed == 0 }
    /// "1 line removed, 3 added".
    var summary: String { "\(Display.plural(removed, "line")) removed, \(added) added" }
    let compare: CompareForm

    init(from: Int64, to: Int64, fromTitle: String, toTitle: String, diff: [LineDiff.Line], compare: CompareForm) {
        (self.from, self.to, self.fromTitle, self.toTitle, self.compare) = (from, to, fromTitle, toTitle, compare)
        var added = 0
        var removed = 0
        let changed = diff.indices.filter { index in
            switch diff[index] {
            case .same: return false
            case .added:
                added += 1
                return true
            case .removed:
                removed += 1
                return true
            }
        }
        (self.added, self.removed) = (added, removed)
        var shown: [Line] = []
        var folded = 0
        for (index, line) in diff.enumerated() {
            switch line {
            case .added(let text): shown.append(Line(kind: "added", marker: "+", text: text))
            case .removed(let text): shown.append(Line(kind: "removed", marker: "−", text: text))
            case .same(let text):
                let near = changed.contains { abs($0 - index) <= Self.context }
                if near {
                    if folded > 0 { shown.append(Line(kind: "folded", marker: "", text: Self.foldedText(folded))) }
                    folded = 0
                    shown.append(Line(kind: "same", marker: " ", text: text))
                } else {
                    folded += 1
                }
            }
        }
        if folded > 0, !changed.isEmpty { shown.append(Line(kind: "folded", marker: "", text: Self.foldedText(folded))) }
        lines = shown
    }

    private static func foldedText(_ count: Int) -> String {
        count == 1 ? "1 unchanged line" : "\(count) unchanged lines"
    }
}
