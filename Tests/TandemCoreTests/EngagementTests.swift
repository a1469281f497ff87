import Foundation
import Testing

@testable import TandemCore

@Suite("Engagement: decay, caps, replay")
struct EngagementTests {
    static let day = 86_400.0

    @Test("a point halves every half-life, and decaying in steps equals decaying at once")
    func decayMaths() {
        let decay = Decay(halfLifeDays: 30)
        #expect(decay.factor(elapsed: 30 * Self.day) == 0.5)
        #expect(decay.factor(elapsed: 60 * Self.day) == 0.25)
        #expect(decay.factor(elapsed: 0) == 1)
        #expect(decay.factor(elapsed: -5) == 1, "an event from the future keeps its points until then")
        var random = TestRandom(seed: 11)
        for _ in 0..<1000 {
            let value = Double.random(in: -500...500, using: &random)
            let t0 = Double.random(in: 0...1e9, using: &random)
            let t1 = t0 + Double.random(in: 0...1e7, using: &random)
            let t2 = t1 + Double.random(in: 0...1e7, using: &random)
            let stepped = decay.value(decay.value(value, from: t0, to: t1), from: t1, to: t2)
            let direct = decay.value(value, from: t0, to: t2)
            #expect(abs(stepped - direct) <= 1e-9 * max(1, abs(value)))
            #expect(abs(direct) <= abs(value))
        }
    }

    static let rules: [EngagementRule] = [
        EngagementRule(id: "demo", name: "Demo", eventName: "Demo Requested", points: 50),
        EngagementRule(
            id: "pricing", name: "Pricing", eventType: .page, when: [.init(field: "url", op: .contains, value: "/pricing")],
            points: 10, cap: 20, oncePerDays: 1),
        EngagementRule(id: "page", name: "Page", eventType: .page, points: 1, cap: 5),
        EngagementRule(id: "unsubscribed", name: "Unsubscribed", eventName: "Unsubscribed", points: -25, cap: 30),
        EngagementRule(
            id: "plan", name: "Pro plan", eventName: "Trial Started",
            when: [.init(field: "properties.plan", op: .in, value: ["pro"])], points: 30, cap: 45),
    ]

    static func randomEvent(id: Int64, at time: Double, using random: inout TestRandom) -> ScoringEvent {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return ScoringEvent(id: id, type: .track, name: "Demo Requested", occurredAt: time)
        case 1, 2: return ScoringEvent(id: id, type: .page, name: "Page Viewed", occurredAt: time, url: "https://x.example/pricing")
        case 3: return ScoringEvent(id: id, type: .track, name: "Unsubscribed", occurredAt: time)
        case 4:
            let plan: JSONValue = Bool.random(using: &random) ? "pro" : "free"
            return ScoringEvent(id: id, type: .track, name: "Trial Started", occurredAt: time, properties: ["plan": plan])
        default: return ScoringEvent(id: id, type: .page, name: "Page Viewed", occurredAt: time, url: "https://x.example/blog")
        }
    }

    @Test("applying events one by one through storage equals replaying them, for any history")
    func incrementalEqualsReplay() throws {
        var random = TestRandom(seed: 2026)
        for halfLife in [1.0, 7, 30] {
            let model = try CompiledScoringModel(ScoringModel(fitRules: [], engagementRules: Self.rules, halfLifeDays: halfLife))
            for _ in 0..<60 {
                var time = 1_700_000_000.0
                var events: [ScoringEvent] = []
                for id in 1...Int64.random(in: 1...80, using: &random) {
                    time += Double.random(in: 0...(3 * Self.day), using: &random)
                    events.append(Self.randomEvent(id: id, at: time, using: &random))
                }
                var kept = EngagementState()
                for event in events {
                    #expect(kept.canApply(event))
                    // Each event arrives in its own transaction: the state goes through its stored form.
                    var loaded = EngagementState(stored: try JSONValue.parse(kept.stored.jsonText))
                    loaded.apply(event, model)
                    kept = loaded
                }
                let (replayed, _) = EngagementState.replay(events.shuffled(using: &random), model)
                #expect(kept == replayed)
                let now = time + Double.random(in: 0...(90 * Self.day), using: &random)
                #expect(kept.score(at: now, model) == replayed.score(at: now, model))
            }
        }
    }

    @Test("a rule never holds more than its cap, and once-per-period allows one award a day")
    func capsAndPeriods() throws {
        let model = try CompiledScoringModel(ScoringModel(fitRules: [], engagementRules: Self.rules))
        var state = EngagementState()
        var random = TestRandom(seed: 5)
        var time = 1_700_000_000.0
        var lastPricingAward: Double?
        for id in 1...2000 as ClosedRange<Int64> {
            time += Double.random(in: 0...(Self.day / 2), using: &random)
            let awards = state.apply(Self.randomEvent(id: id, at: time, using: &random), model)
            for award in awards where award.ruleId == "pricing" {
                if let last = lastPricingAward { #expect(award.at - last >= Self.day) }
                lastPricingAward = award.at
            }
            for rule in Self.rules {
                guard let cap = rule.cap, let tally = state.rules[rule.id] else { continue }
                #expect(abs(tally.value) <= cap + 1e-9, "\(rule.id) holds \(tally.value) over its cap \(cap)")
            }
        }
        #expect(state.rules["unsubscribed"].map { $0.value < 0 } ?? true)
    }

    @Test("an out-of-order event is refused for incremental use")
    func outOfOrder() throws {
        let model = try CompiledScoringModel(ScoringModel(fitRules: [], engagementRules: Self.rules))
        var state = EngagementState()
        state.apply(ScoringEvent(id: 5, type: .track, name: "Demo Requested", occurredAt: 100), model)
        #expect(!state.canApply(ScoringEvent(id: 6, type: .track, name: "Demo Requested", occurredAt: 99)))
        #expect(!state.canApply(ScoringEvent(id: 4, type: .track, name: "Demo Requested", occurredAt: 100)))
        #expect(state.canApply(ScoringEvent(id: 6, type: .track, name: "Demo Requested", occurredAt: 100)))
    }

    @Test("an explanation lists each award, and what remains of them adds up to the score")
    func explanation() throws {
        let model = try CompiledScoringModel(.standard)
        let start = 1_700_000_000.0
        let events = [
            ScoringEvent(id: 1, type: .page, name: "Page Viewed", occurredAt: start, url: "https://n.example/pricing"),
            ScoringEvent(id: 2, type: .track, name: "Demo Requested", occurredAt: start + 10 * Self.day),
            ScoringEvent(id: 3, type: .track, name: "Unsubscribed", occurredAt: start + 20 * Self.day),
        ]
        var lead = Lead(id: 1, email: "a@b.example", userId: nil, stage: .lead, createdAt: 0, updatedAt: 0)
        lead.title = "VP Sales"
        let now = start + 40 * Self.day
        let explanation = ScoreExplanation(subject: FitSubject(lead: lead), events: events, model: model, now: now)
        #expect(explanation.lines.map(\.award.ruleId) == ["unsubscribed", "demo_request", "page_view", "pricing_page"])
        let unsubscribed = explanation.lines[0]
        #expect(abs(unsubscribed.remaining - (-25 * pow(0.5, 20.0 / 30))) < 1e-9)
        let total = explanation.lines.reduce(0) { $0 + $1.remaining }
        #expect(abs(total - explanation.engagement) < 1e-9)
        #expect(explanation.fit.total == 20 + 10)
    }

    @Test("a burst of intent within the window raises the call-now signal, and it fades")
    func callNow() throws {
        let model = try CompiledScoringModel(.standard)
        var state = EngagementState()
        let start = 1_700_000_000.0
        state.apply(ScoringEvent(id: 1, type: .page, name: "Page Viewed", occurredAt: start, url: "https://n.example/pricing"), model)
        #expect(!state.callNow(at: start, model))
        state.apply(ScoringEvent(id: 2, type: .track, name: "Demo Requested", occurredAt: start + 1800), model)
        #expect(state.callNow(at: start + 1800, model))
        #expect(!state.callNow(at: start + 5 * 3600, model))
    }

    @Test("the kept call-now deadline answers as the full state does at every moment from the last award on")
    func callNowUntilAgreesWithTheState() throws {
        let model = try CompiledScoringModel(.standard)
        var random = SystemRandomNumberGenerator()
        let names = ["Demo Requested", "Form Submitted", "Webinar Attended", "Meeting Booked", "Page Viewed"]
        var checked = 0
        var held = 0
        for _ in 0..<200 {
            var state = EngagementState()
            var time = 1_700_000_000.0
            for id in 1...Int64.random(in: 1...12, using: &random) {
                time += Double.random(in: 0...7200, using: &random).rounded()
                let name = names.randomElement(using: &random) ?? "Page Viewed"
                state.apply(
                    ScoringEvent(id: id, type: .track, name: name, occurredAt: time, url: "https://n.example/pricing"), model)
            }
            let until = state.callNowUntil(model)
            let asOf = state.asOf ?? time
            for offset in Array(stride(from: 0.0, through: 6 * 3600, by: 300)) + [until - asOf, until - asOf + 1] where offset >= 0 {
                let now = asOf + offset
                #expect(state.callNow(at: now, model) == (now <= until), "at asOf + \(offset) s, until \(until)")
                if now <= until { held += 1 }
                checked += 1
            }
        }
        #expect(checked > 10_000)
        #expect(held > 0, "some of the random histories raise the signal")
    }
}
