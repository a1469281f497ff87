/// A funnel: one horizontal bar per stage, each with its count and the share of the previous
/// stage that reached it (the step's conversion).
public struct FunnelChart: Sendable {
    public typealias Step = LabeledValue

    public var title: String
    public var steps: [Step]
    public var width: Double = 640

    public init(title: String, steps: [Step]) {
        self.title = title
        self.steps = steps
    }

    /// Conversion from the step before, in percent; `nil` for the first step or after an empty one.
    public static func conversion(from previous: Double, to value: Double) -> Double? {
        previous > 0 ? value / previous * 100 : nil
    }

    public func svg() -> String {
        let rowHeight = 30.0
        let height = 44 + rowHeight * Double(max(steps.count, 1)) + 8
        var svg = SVG()
        let summary = steps.enumerated().map { index, step -> String in
            let rate = index > 0 ? Self.conversion(from: steps[index - 1].value, to: step.value) : nil
            return "\(step.label): \(ValueAxis.label(step.value))" + (rate.map { " (\(Self.percent($0)) of the step before)" } ?? "")
        }.joined(separator: ", ")
        svg.start(width: width, height: height, title: title, description: summary.isEmpty ? "No data" : summary, className: "funnel-chart")
        ChartFrame.title(title, width: width, into: &svg)
        let labelWidth = 110.0
        let rateWidth = 120.0
        let barSpace = width - labelWidth - rateWidth - 16
        let top = max(steps.map(\.value).max() ?? 0, 1)
        for (index, step) in steps.enumerated() {
            let y = 36 + rowHeight * Double(index)
            let barWidth = max(barSpace * max(step.value, 0) / top, 1)
            let x = labelWidth + (barSpace - barWidth) / 2
            svg.open("g")
            svg.element("title", [], text: "\(step.label): \(ValueAxis.label(step.value))")
            svg.element(
                "text",
                [("x", SVG.number(labelWidth - 8)), ("y", SVG.number(y + 19)), ("text-anchor", "end"), ("fill", ChartPalette.text)],
                text: step.label)
            svg.element(
                "rect",
                [
                    ("x", SVG.number(x)), ("y", SVG.number(y + 3)), ("width", SVG.number(barWidth)), ("height", SVG.number(rowHeight - 6)),
                    ("fill", ChartPalette.color(0)), ("opacity", SVG.number(1 - Double(index) * 0.08)), ("rx", "2"),
                ])
            svg.element(
                "text",
                [
                    ("x", SVG.number(labelWidth + barSpace / 2)), ("y", SVG.number(y + 19)), ("text-anchor", "middle"),
                    ("fill", barWidth > 60 ? "#ffffff" : ChartPalette.text), ("font-weight", "600"),
                ], text: ValueAxis.label(step.value))
            if index > 0, let rate = Self.conversion(from: steps[index - 1].value, to: step.value) {
                svg.element(
                    "text", [("x", SVG.number(width - rateWidth)), ("y", SVG.number(y + 19)), ("fill", ChartPalette.muted)],
                    text: "\(Self.percent(rate)) of previous")
            }
            svg.close("g")
        }
        if steps.isEmpty {
            ChartFrame.empty(area: PlotArea(left: 0, top: 36, width: width, height: rowHeight), into: &svg)
        }
        svg.close("svg")
        return svg.markup
    }

    static func percent(_ value: Double) -> String {
        value >= 10 || value == 0 ? "\(Int(exactly: value.rounded()) ?? 0)%" : "\(SVG.number((value * 10).rounded() / 10))%"
    }
}
