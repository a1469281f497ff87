import Testing

@testable import TandemCore

@Suite("Routing of new MQLs")
struct RoutingTests {
    func lead(country: String = "Germany", size: Int? = nil) -> FitSubject {
        var lead = Lead(id: 1, email: "a@b.example", userId: nil, stage: .mql, createdAt: 0, updatedAt: 0)
        lead.country = country
        lead.companySize = size
        return FitSubject(lead: lead)
    }

    @Test("round-robin spreads hand-offs within one of each other, whatever the number of reps and leads")
    func fairness() throws {
        var random = TestRandom(seed: 3)
        let router = try LeadRouter(territories: [])
        for _ in 0..<200 {
            var reps = (0..<Int.random(in: 1...9, using: &random)).map { Rep(email: "rep\($0)@x.example") }
            var counts: [String: Int] = [:]
            for _ in 0..<Int.random(in: 1...200, using: &random) {
                let decision = router.route(lead(), accountOwner: nil, reps: reps)
                reps = decision.reps
                counts[decision.owner!, default: 0] += 1
                let values = reps.map { counts[$0.email] ?? 0 }
                #expect(values.max()! - values.min()! <= 1)
            }
        }
    }

    @Test("weights share hand-offs in proportion, within one hand-off of the exact share")
    func weights() throws {
        let router = try LeadRouter(territories: [])
        var reps = [Rep(email: "a@x.example", weight: 3), Rep(email: "b@x.example", weight: 1), Rep(email: "c@x.example", weight: 2)]
        var counts: [String: Int] = [:]
        for step in 1...120 {
            let decision = router.route(lead(), accountOwner: nil, reps: reps)
            reps = decision.reps
            counts[decision.owner!, default: 0] += 1
            for rep in reps {
                let exact = Double(step) * Double(rep.weight) / 6
                #expect(abs(Double(counts[rep.email] ?? 0) - exact) <= 1, "step \(step), \(rep.email)")
            }
        }
    }

    @Test("daily capacity and availability are respected; when everyone is full the lead waits")
    func capacity() throws {
        let router = try LeadRouter(territories: [])
        var reps = [
            Rep(email: "a@x.example", dailyCapacity: 2), Rep(email: "b@x.example", dailyCapacity: 3),
            Rep(email: "off@x.example", available: false),
        ]
        var owners: [String?] = []
        for _ in 0..<7 {
            let decision = router.route(lead(), accountOwner: nil, reps: reps)
            reps = decision.reps
            owners.append(decision.owner)
        }
        #expect(owners.filter { $0 == "a@x.example" }.count == 2)
        #expect(owners.filter { $0 == "b@x.example" }.count == 3)
        #expect(!owners.contains("off@x.example"))
        #expect(owners.suffix(2) == [nil, nil])
        #expect(router.route(lead(), accountOwner: nil, reps: reps).reason.contains("waits unassigned"))
    }

    @Test("the account's owner comes first, then the first matching territory, then everyone")
    func order() throws {
        let router = try LeadRouter(territories: [
            Territory(
                id: "dach", name: "DACH", when: [.init(field: "country", op: .in, value: ["Germany", "Austria"])], reps: ["emea@x.example"]),
            Territory(
                id: "big", name: "Enterprise", when: [.init(field: "company_size", op: .atLeast, value: 5000)], reps: ["ent@x.example"]),
        ])
        let reps = ["emea@x.example", "ent@x.example", "na@x.example", "owner@x.example"].map { Rep(email: $0) }
        let owned = router.route(lead(), accountOwner: "Owner@x.example", reps: reps)
        #expect(owned.owner == "owner@x.example")
        #expect(owned.reason == "owns the lead's account")
        let dach = router.route(lead(), accountOwner: nil, reps: reps)
        #expect(dach.owner == "emea@x.example")
        #expect(dach.reason.contains("territory DACH"))
        #expect(router.route(lead(country: "Canada", size: 9000), accountOwner: nil, reps: reps).owner == "ent@x.example")
        let fallback = router.route(lead(country: "Canada"), accountOwner: "gone@x.example", reps: reps)
        #expect(fallback.reason.contains("gone@x.example is not an available rep"))
        #expect(fallback.reason.contains("round-robin among available reps"))
    }

    @Test("a territory on an unknown field or without reps is refused")
    func invalidTerritory() {
        #expect(throws: ValidationErrors.self) {
            try LeadRouter(territories: [Territory(id: "t", name: "T", when: [.init(field: "planet", op: .exists)], reps: ["a@x.example"])])
        }
        #expect(throws: ValidationErrors.self) {
            try LeadRouter(territories: [
                Territory(id: "t", name: "T", when: [.init(field: "country", op: .equals, value: "France")], reps: [])
            ])
        }
    }
}
