/// A number with the label it is shown under: a bar, a funnel step.
public struct LabeledValue: Sendable, Hashable {
    public let label: String
    public let value: Double

    public init(label: String, value: Double) {
        self.label = label
        self.value = value
    }
}

/// Vertical bars, one per category, with a value axis and the value above each bar.
///
/// ```swift
/// let svg = BarChart(title: "Leads by source", bars: [.init(label: "Organic", value: 120)]).svg()
/// ```
public struct BarChart: Sendable {
    public typealias Bar = LabeledValue

    public var title: String
    public var bars: [Bar]
    public var valueLabel: String
    public var width: Double = 640
    public var height: Double = 280

    public init(title: String, bars: [Bar], valueLabel: String = "") {
        self.title = title
        self.bars = bars
        self.valueLabel = valueLabel
    }

    public func svg() -> String {
        var svg = SVG()
        let summary = bars.map { "\($0.label): \(ValueAxis.label($0.value))" }.joined(separator: ", ")
        svg.start(width: width, height: height, title: title, description: summary.isEmpty ? "No data" : summary, className: "bar-chart")
        ChartFrame.title(title, width: width, into: &svg)
        let area = PlotArea(left: 48, top: 44, width: width - 64, height: height - 92)
        let axis = ValueAxis(maxValue: bars.map(\.value).max() ?? 0)
        ChartFrame.valueAxis(axis, area: area, label: valueLabel, into: &svg)
        guard !bars.isEmpty else {
            ChartFrame.empty(area: area, into: &svg)
            svg.close("svg")
            return svg.markup
        }
        let slot = area.width / Double(bars.count)
        let barWidth = min(slot * 0.7, 64)
        // With many bars, label every few so labels never collide, and leave values to the tooltips.
        let labelEvery = max(1, (bars.count + 7) / 8)
        let showValues = bars.count <= 12
        for (index, bar) in bars.enumerated() {
            let h = area.height * max(bar.value, 0) / axis.maximum
            let x = area.left + slot * Double(index) + (slot - barWidth) / 2
            svg.open("g")
            svg.element("title", [], text: "\(bar.label): \(ValueAxis.label(bar.value))")
            svg.element(
                "rect",
                [
                    ("x", SVG.number(x)), ("y", SVG.number(area.bottom - h)), ("width", SVG.number(barWidth)),
                    ("height", SVG.number(h)), ("fill", ChartPalette.color(0)), ("rx", "2"),
                ])
            if showValues {
                svg.element(
                    "text",
                    [
                        ("x", SVG.number(x + barWidth / 2)), ("y", SVG.number(area.bottom - h - 4)), ("text-anchor", "middle"),
                        ("fill", ChartPalette.text),
                    ], text: ValueAxis.label(bar.value))
            }
            svg.close("g")
            if index % labelEvery == 0 {
                ChartFrame.categoryLabel(
                    bar.label, x: x + barWidth / 2, y: area.bottom + 16, maxWidth: slot * Double(labelEvery), into: &svg)
            }
        }
        svg.close("svg")
        return svg.markup
    }
}
