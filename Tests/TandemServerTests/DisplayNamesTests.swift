import TandemCore
import Testing

@testable import TandemServer

@Suite("Display names: pages show words, the data keeps codes")
struct DisplayNamesTests {
    @Test("actors read as people's names, keys, rules and imports in words; an unknown person keeps their email")
    func actors() {
        let names = ["priya@northwind.example": "Priya Nair"]
        #expect(DisplayNames.actor("user:Priya@Northwind.example", names: names) == "Priya Nair")
        #expect(DisplayNames.actor("user:gone@northwind.example", names: names) == "gone@northwind.example")
        #expect(DisplayNames.actor("api_key:crm sync", names: names) == "API key “crm sync”")
        #expect(DisplayNames.actor("rule:mql_threshold", names: names) == "the MQL rule")
        #expect(DisplayNames.actor("import:leads.csv", names: names) == "the import of leads.csv")
        #expect(DisplayNames.actor("cli", names: names) == "the command line")
        #expect(DisplayNames.actor("system", names: names) == "Tandem")
    }

    @Test("sources, rejection reasons and event types read as words")
    func codes() {
        #expect(DisplayNames.source("paid_search") == "Paid search")
        #expect(DisplayNames.source("linkedin") == "LinkedIn")
        #expect(DisplayNames.source("trade_show_2026") == "Trade show 2026")
        #expect(DisplayNames.source(nil) == "")
        #expect(DisplayNames.stageReason("not_ready_yet: budget opens in Q3") == "Not ready yet: budget opens in Q3")
        #expect(DisplayNames.stageReason("no_budget") == "No budget")
        #expect(DisplayNames.stageReason("booked at the trade show: call Monday") == "booked at the trade show: call Monday")
        #expect(DisplayNames.event(type: .identify, name: "identify") == "Identified")
        #expect(DisplayNames.event(type: .track, name: "Demo Requested") == "Demo Requested")
        #expect(DisplayNames.event(type: .page, name: "Pricing") == "Viewed “Pricing”")
    }
}

@Suite("Dashboard figures")
struct DashboardFigureTests {
    @Test("the source chart keeps the largest sources and sums the rest as Other, so every lead is counted")
    func otherBucket() {
        let sources = (1...10).map { (source: "source_\($0)", count: $0 * 10) }
        let bars = DashboardController.topSources(sources, keep: 8)
        #expect(bars.count == 8)
        #expect(bars.first?.label == "Source 10" && bars.first?.count == 100)
        #expect(bars.last?.label == "Other" && bars.last?.count == 10 + 20 + 30)
        #expect(bars.reduce(0) { $0 + $1.count } == sources.reduce(0) { $0 + $1.count })
        #expect(DashboardController.topSources(Array(sources.prefix(3)), keep: 8).map(\.label) == ["Source 3", "Source 2", "Source 1"])
    }
}
