import Foundation
import Testing

@testable import TandemCharts

@Suite struct ChartTests {
    @Test func barChartDrawsOneBarPerCategoryScaledToTheAxis() throws {
        let svg = BarChart(title: "Leads by source", bars: [.init(label: "Organic", value: 50), .init(label: "Paid", value: 100)]).svg()
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.hasSuffix("</svg>"))
        let heights = matches(of: #"<rect x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)""#, in: svg).compactMap(Double.init)
        #expect(heights.count == 2)
        #expect(abs(heights[1] - 2 * heights[0]) < 0.05)
        #expect(svg.contains("<title id=\""))
        #expect(svg.contains(">Organic</text>"))
    }

    @Test func aRunningPeriodIsDrawnDashedAndSaysSo() {
        var chart = LineChart(title: "New leads per week", xLabels: ["1", "2", "3"], series: [.init(name: "Leads", values: [40, 50, 8])])
        let whole = chart.svg()
        #expect(!whole.contains("stroke-dasharray"))
        chart.partialLast = "this week so far"
        let partial = chart.svg()
        #expect(matches(of: #"<polyline points="([^"]+)""#, in: partial).map { $0.split(separator: " ").count } == [2, 2])
        #expect(partial.contains(#"stroke-dasharray="4 4""#))
        #expect(partial.contains(">this week so far</text>"))
        #expect(partial.contains("(the last: this week so far)"))
    }

    @Test func textIsEscapedInLabelsTitlesAndDescriptions() {
        let svg = BarChart(title: "<script>alert(1)</script>", bars: [.init(label: "\"><img src=x onerror=alert(1)>", value: 1)]).svg()
        #expect(!svg.contains("<script>"))
        #expect(!svg.contains("<img"))
        #expect(svg.contains("&lt;script&gt;"))
    }

    @Test func valueAxisUsesRoundStepsAboveTheLargestValue() {
        let axis = ValueAxis(maxValue: 87)
        #expect(axis.maximum == 100)
        #expect(axis.ticks == [0, 25, 50, 75, 100])
        #expect(ValueAxis(maxValue: 0).maximum >= 1)
        #expect(ValueAxis.label(12_500) == "12.5k")
        #expect(ValueAxis.label(3_000_000) == "3M")
    }

    @Test func lineChartHasOnePolylinePerSeriesAndALegendForSeveral() {
        let chart = LineChart(
            title: "Touches", xLabels: ["W1", "W2", "W3"],
            series: [.init(name: "Marketing", values: [1, 2, 3]), .init(name: "Sales", values: [3, 2, 1])])
        let svg = chart.svg()
        #expect(matches(of: "<polyline", in: svg).count == 2)
        #expect(svg.contains(">Marketing</text>"))
        #expect(svg.contains("from W1 to W3"))
    }

    @Test func funnelShowsEachStepsConversionFromThePreviousStep() {
        let svg = FunnelChart(title: "Funnel", steps: [.init(label: "Lead", value: 200), .init(label: "MQL", value: 50)]).svg()
        #expect(svg.contains("25% of previous"))
        #expect(FunnelChart.conversion(from: 0, to: 5) == nil)
        #expect(FunnelChart.percent(2.54) == "2.5%")
    }

    @Test func emptyChartsSayThereIsNoData() {
        #expect(BarChart(title: "Nothing", bars: []).svg().contains("No data yet"))
        #expect(LineChart(title: "Nothing", xLabels: [], series: []).svg().contains("No data yet"))
        #expect(Sparkline(label: "Nothing", values: []).svg().contains("No data"))
    }

    @Test func sparklineSpansItsWidthAndKeepsValuesInside() {
        let svg = Sparkline(label: "Events", values: [0, 10, 5]).svg()
        let points = matches(of: #"points="([^"]+)""#, in: svg).first ?? ""
        let pairs = points.split(separator: " ").map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(pairs.count == 3)
        #expect(pairs.allSatisfy { $0[1] >= 0 && $0[1] <= 24 })
        #expect(pairs.first?[0] == 2)
        #expect(pairs.last?[0] == 98)
    }

    private func matches(of pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            return String(text[Range(range, in: text)!])
        }
    }
}
