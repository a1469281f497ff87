/// The parts every chart shares: its title, the value axis with grid lines, category labels.
enum ChartFrame {
    static func title(_ title: String, width: Double, into svg: inout SVG) {
        svg.element(
            "text", [("x", "8"), ("y", "20"), ("font-size", "14"), ("font-weight", "600"), ("fill", ChartPalette.text)], text: title)
    }

    static func valueAxis(_ axis: ValueAxis, area: PlotArea, label: String, into svg: inout SVG) {
        for tick in axis.ticks {
            let y = area.bottom - area.height * tick / axis.maximum
            svg.element(
                "line",
                [
                    ("x1", SVG.number(area.left)), ("x2", SVG.number(area.right)), ("y1", SVG.number(y)), ("y2", SVG.number(y)),
                    ("stroke", ChartPalette.grid), ("stroke-width", "1"),
                ])
            svg.element(
                "text",
                [("x", SVG.number(area.left - 6)), ("y", SVG.number(y + 4)), ("text-anchor", "end"), ("fill", ChartPalette.muted)],
                text: ValueAxis.label(tick))
        }
        if !label.isEmpty {
            svg.element(
                "text", [("x", SVG.number(area.left)), ("y", SVG.number(area.top - 8)), ("fill", ChartPalette.muted)], text: label)
        }
    }

    /// A category's label under the plot, shortened with an ellipsis when it would overlap its neighbours.
    static func categoryLabel(_ label: String, x: Double, y: Double, maxWidth: Double, into svg: inout SVG) {
        let maxCharacters = max(Int(exactly: (maxWidth / 6.5).rounded(.down)) ?? 3, 3)
        let shown = label.count > maxCharacters ? String(label.prefix(maxCharacters - 1)) + "…" : label
        svg.element(
            "text", [("x", SVG.number(x)), ("y", SVG.number(y)), ("text-anchor", "middle"), ("fill", ChartPalette.muted)], text: shown)
    }

    static func empty(area: PlotArea, into svg: inout SVG) {
        svg.element(
            "text",
            [
                ("x", SVG.number(area.left + area.width / 2)), ("y", SVG.number(area.top + area.height / 2)),
                ("text-anchor", "middle"), ("fill", ChartPalette.muted),
            ], text: "No data yet")
    }
}
