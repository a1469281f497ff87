import Foundation
import Testing

@testable import TandemCore

@Suite("Sorting leads by score in the database")
struct ScoreOrderTests {
    @Test("the engagement rank orders leads as their decayed engagement does, at any later moment and half-life")
    func rankOrdersAsDecayedEngagement() {
        var random = TestRandom(seed: 42)
        let start = 1_780_000_000.0
        for halfLifeDays in [0.5, 7, 30, 365] {
            let decay = Decay(halfLifeDays: halfLifeDays)
            var states: [(score: Double, asOf: Double?)] = [(0, nil), (0, start)]
            for _ in 0..<300 {
                let magnitude = ([0.001, 1, 40, 5_000] as [Double]).randomElement(using: &random) ?? 1
                let score = Double.random(in: -magnitude...magnitude, using: &random)
                states.append((score, start + Double.random(in: 0...TimeSpan.days(400), using: &random)))
            }
            let latest = states.compactMap(\.asOf).max() ?? start
            for now in [latest, latest + TimeSpan.days(3), latest + TimeSpan.days(900)] {
                func value(_ state: (score: Double, asOf: Double?)) -> Double {
                    state.asOf.map { decay.value(state.score, from: $0, to: now) } ?? 0
                }
                let byValue = states.indices.sorted { (value(states[$0]), $0) < (value(states[$1]), $1) }
                let byRank = states.indices.sorted {
                    let (left, right) = (states[$0], states[$1])
                    let ranks = (
                        ScoreOrder.engagementRank(score: left.score, asOf: left.asOf, decay: decay),
                        ScoreOrder.engagementRank(score: right.score, asOf: right.asOf, decay: decay)
                    )
                    // Equal decayed values (underflow to zero far in the future) may sit in either order.
                    return value(left) == value(right) ? $0 < $1 : ranks.0 < ranks.1
                }
                #expect(byRank == byValue, "half-life \(halfLifeDays) days, \((now - latest) / TimeSpan.day) days after")
            }
        }
    }

    @Test("the fit band is the grade's letter: A above the first threshold, D below the last")
    func fitBand() throws {
        let model = try CompiledScoringModel(ScoringModel(fitRules: [], engagementRules: [], grades: GradeBands(fit: [60, 40, 20])))
        #expect([100, 60, 59.9, 40, 20, 19.9, -5].map(model.fitBand) == [0, 0, 1, 1, 2, 3, 3])
        #expect(model.grade(fit: 59.9, engagement: 80) == "B1")
        #expect(model.grade(fit: 19.9, engagement: 0) == "D4")
    }
}
