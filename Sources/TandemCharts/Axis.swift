import Foundation

/// A value axis from zero to a "nice" maximum with round tick steps (1, 2, 5 × 10ⁿ), as people
/// expect to read them.
struct ValueAxis {
    let maximum: Double
    let ticks: [Double]

    init(maxValue: Double, tickCount: Int = 4) {
        let top = max(maxValue, 1)
        let rough = top / Double(tickCount)
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? rough
        let maximum = (top / step).rounded(.up) * step
        self.maximum = maximum
        self.ticks = stride(from: 0.0, through: maximum + step / 2, by: step).map { $0 }
    }

    /// The tick value as a label: 1.2k, 3M, 0.5.
    static func label(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000_000 { return trim(value / 1_000_000) + "M" }
        if magnitude >= 10_000 { return trim(value / 1_000) + "k" }
        return trim(value)
    }

    private static func trim(_ value: Double) -> String {
        if value == value.rounded(), let whole = Int(exactly: value) { return String(whole) }
        return String(format: "%.1f", value)
    }
}

/// Where a chart draws inside its frame, after the margins for titles and axis labels.
struct PlotArea {
    let left: Double
    let top: Double
    let width: Double
    let height: Double
    var bottom: Double { top + height }
    var right: Double { left + width }
}

/// The colours charts use: distinct for the colour-blind (Okabe–Ito) and dark enough on white.
public enum ChartPalette {
    public static let colors = ["#0b6bcb", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#6b6b6b"]
    static let text = "#1f2933"
    static let muted = "#52606d"
    static let grid = "#d9e2ec"

    static func color(_ index: Int) -> String { colors[index % colors.count] }
}
