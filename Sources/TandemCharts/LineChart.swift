/// One or more series over the same ordered categories (days, weeks), with a legend when
/// there is more than one series.
public struct LineChart: Sendable {
    public struct Series: Sendable, Hashable {
        public let name: String
        public let values: [Double]
        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public var title: String
    /// The label of each point along the x axis; every series has one value per label.
    public var xLabels: [String]
    public var series: [Series]
    public var valueLabel: String
    /// Set when the last point is a period still running ("this week so far"): its segment is
    /// drawn dashed and labelled, so a part-week does not read as a fall.
    public var partialLast: String?
    public var width: Double = 640
    public var height: Double = 260

    public init(title: String, xLabels: [String], series: [Series], valueLabel: String = "") {
        self.title = title
        self.xLabels = xLabels
        self.series = series
        self.valueLabel = valueLabel
    }

    public func svg() -> String {
        var svg = SVG()
        let totals = series.map { "\($0.name): \(ValueAxis.label($0.values.reduce(0, +))) in total" }.joined(separator: ", ")
        let range =
            xLabels.isEmpty
            ? "" : " from \(xLabels.first ?? "") to \(xLabels.last ?? "")" + (partialLast.map { " (the last: \($0))" } ?? "")
        svg.start(
            width: width, height: height, title: title, description: totals.isEmpty ? "No data" : totals + range, className: "line-chart")
        ChartFrame.title(title, width: width, into: &svg)
        let legendRows = series.count > 1 ? 1.0 : 0
        let area = PlotArea(left: 48, top: 44 + legendRows * 16, width: width - 80, height: height - 92 - legendRows * 16)
        let axis = ValueAxis(maxValue: series.flatMap(\.values).max() ?? 0)
        ChartFrame.valueAxis(axis, area: area, label: valueLabel, into: &svg)
        guard xLabels.count > 0, !series.isEmpty else {
            ChartFrame.empty(area: area, into: &svg)
            svg.close("svg")
            return svg.markup
        }
        let step = xLabels.count > 1 ? area.width / Double(xLabels.count - 1) : 0
        func x(_ index: Int) -> Double { xLabels.count > 1 ? area.left + step * Double(index) : area.left + area.width / 2 }
        // Label at most ~8 points so labels never collide.
        let every = max(1, (xLabels.count + 7) / 8)
        for (index, label) in xLabels.enumerated() where index % every == 0 {
            ChartFrame.categoryLabel(label, x: x(index), y: area.bottom + 16, maxWidth: step * Double(every), into: &svg)
        }
        for (seriesIndex, line) in series.enumerated() {
            let color = ChartPalette.color(seriesIndex)
            let points = line.values.prefix(xLabels.count).enumerated().map { index, value in
                "\(SVG.number(x(index))),\(SVG.number(area.bottom - area.height * max(value, 0) / axis.maximum))"
            }
            svg.open("g", [("class", "series")])
            svg.element("title", [], text: line.name)
            let dashedTail = partialLast != nil && points.count >= 2
            svg.element(
                "polyline",
                [
                    ("points", (dashedTail ? points.dropLast() : points[...]).joined(separator: " ")), ("fill", "none"),
                    ("stroke", color), ("stroke-width", "2"), ("stroke-linejoin", "round"),
                ])
            if dashedTail, let partialLast {
                svg.element(
                    "polyline",
                    [
                        ("points", points.suffix(2).joined(separator: " ")), ("fill", "none"), ("stroke", color), ("stroke-width", "2"),
                        ("stroke-dasharray", "4 4"), ("class", "partial"),
                    ])
                if seriesIndex == 0 {
                    svg.element(
                        "text",
                        [
                            ("x", SVG.number(x(points.count - 1))), ("y", SVG.number(area.top - 4)), ("text-anchor", "end"),
                            ("fill", ChartPalette.text), ("font-size", "11"),
                        ], text: partialLast)
                }
            }
            svg.close("g")
            if series.count > 1 {
                let legendX = 8 + Double(seriesIndex) * 140
                svg.element("rect", [("x", SVG.number(legendX)), ("y", "28"), ("width", "10"), ("height", "10"), ("fill", color)])
                svg.element(
                    "text", [("x", SVG.number(legendX + 14)), ("y", "37"), ("fill", ChartPalette.text)], text: line.name)
            }
        }
        svg.close("svg")
        return svg.markup
    }
}
