/// A word-sized line with no axes, for a trend beside a number in a table.
public struct Sparkline: Sendable {
    public var label: String
    public var values: [Double]
    public var width: Double = 100
    public var height: Double = 24

    /// - Parameters:
    ///   - label: what the line shows, read out by screen readers ("Events per week").
    public init(label: String, values: [Double]) {
        self.label = label
        self.values = values
    }

    public func svg() -> String {
        var svg = SVG()
        let description = values.isEmpty ? "No data" : "\(values.count) points, last \(ValueAxis.label(values.last ?? 0))"
        svg.start(width: width, height: height, title: label, description: description, className: "sparkline")
        let top = max(values.max() ?? 0, 1)
        let step = values.count > 1 ? (width - 4) / Double(values.count - 1) : 0
        let points = values.enumerated().map { index, value in
            "\(SVG.number(2 + step * Double(index))),\(SVG.number(height - 2 - (height - 4) * max(value, 0) / top))"
        }
        if !points.isEmpty {
            svg.element(
                "polyline",
                [("points", points.joined(separator: " ")), ("fill", "none"), ("stroke", ChartPalette.color(0)), ("stroke-width", "1.5")])
        }
        svg.close("svg")
        return svg.markup
    }
}
