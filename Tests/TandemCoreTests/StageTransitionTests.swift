import Testing

@testable import TandemCore

@Suite("Lifecycle stage transitions")
struct StageTransitionTests {
    /// The rules of DOMAIN.md written out as a table, independently of the implementation:
    /// every (from, to) pair the funnel allows, and whether it needs a reason.
    /// A rejection (MQL back to recycled or disqualified) needs its reason to start with a
    /// rejection code (`hasCode`).
    static func expected(from: LifecycleStage, to: LifecycleStage, actor: StageActor, hasReason: Bool, hasCode: Bool) -> Bool {
        let funnel: [LifecycleStage] = [.subscriber, .lead, .mql, .sal, .sql, .opportunity, .customer]
        if from == to { return false }
        if from == .disqualified {
            let isPerson: Bool
            switch actor {
            case .user, .apiKey, .system: isPerson = true
            default: isPerson = false
            }
            return isPerson && hasReason
        }
        if to == .recycled || to == .disqualified {
            return from == .mql ? hasCode : true
        }
        if from == .recycled {
            return [.mql, .sal, .sql, .opportunity, .customer].contains(to)
        }
        return funnel.firstIndex(of: to)! > funnel.firstIndex(of: from)!
    }

    static let actors: [StageActor] = [.user("ann"), .apiKey("ops"), .rule("mql"), .importFile("a.csv"), .tracking, .system]

    @Test("every pair of stages, every actor, with and without a reason, follows the domain rules")
    func exhaustive() {
        var checked = 0
        for from in LifecycleStage.allCases {
            for to in LifecycleStage.allCases {
                for actor in Self.actors {
                    for reason in [nil, "", "not ready yet", "not_ready_yet: next quarter"] as [String?] {
                        let hasReason = !(reason ?? "").isEmpty
                        let hasCode = reason?.hasPrefix("not_ready_yet") ?? false
                        let allowed = StageTransitions.isAllowed(from: from, to: to, actor: actor, reason: reason)
                        #expect(
                            allowed == Self.expected(from: from, to: to, actor: actor, hasReason: hasReason, hasCode: hasCode),
                            "\(from) → \(to) by \(actor) reason \(reason ?? "nil")")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 9 * 9 * 6 * 4)
    }

    @Test("a new lead may start at any stage, an imported customer at customer")
    func newLeadStartsAnywhere() {
        for stage in LifecycleStage.allCases {
            #expect(StageTransitions.isAllowed(from: nil, to: stage, actor: .importFile("x"), reason: nil))
        }
    }

    @Test("forward moves may skip stages; backward moves are refused with a message naming both stages")
    func forwardAndBackward() {
        #expect(StageTransitions.isAllowed(from: .subscriber, to: .customer, actor: .system, reason: nil))
        let refusal = StageTransitions.check(from: .customer, to: .lead, actor: .system, reason: nil)
        #expect(refusal?.field == "stage")
        #expect(refusal?.message.contains("customer") == true)
        #expect(refusal?.message.contains("lead") == true)
    }

    @Test("rejecting an MQL needs a reason code from the list, whoever does it")
    func rejectionNeedsReason() throws {
        #expect(!StageTransitions.isAllowed(from: .mql, to: .recycled, actor: .user("rep"), reason: nil))
        #expect(StageTransitions.isAllowed(from: .mql, to: .recycled, actor: .user("rep"), reason: "not_ready_yet"))
        #expect(StageTransitions.isAllowed(from: .mql, to: .disqualified, actor: .apiKey("ops"), reason: "Duplicate: see 12"))
        #expect(!StageTransitions.isAllowed(from: .mql, to: .disqualified, actor: .user("rep"), reason: "  "))
        let refusal = StageTransitions.check(from: .mql, to: .disqualified, actor: .user("ops"), reason: "they said no")
        #expect(refusal?.field == "reason_code" && refusal?.message.contains("not_a_fit") == true)
        #expect(try RejectionReason.compose(code: " no_budget ", comment: " frozen ") == "no_budget: frozen")
        #expect(try RejectionReason.compose(code: "", comment: "a note") == "a note")
        #expect(throws: ValidationError.self) { try RejectionReason.compose(code: "because", comment: nil) }
    }

    @Test("stage labels of HubSpot and Salesforce are read")
    func labels() {
        #expect(LifecycleStage(label: "marketingqualifiedlead") == .mql)
        #expect(LifecycleStage(label: "Marketing Qualified Lead") == .mql)
        #expect(LifecycleStage(label: "salesqualifiedlead") == .sql)
        #expect(LifecycleStage(label: "Working - Contacted") == .sal)
        #expect(LifecycleStage(label: "Closed - Not Converted") == .disqualified)
        #expect(LifecycleStage(label: "Customer") == .customer)
        #expect(LifecycleStage(label: "banana") == nil)
    }

    @Test("actors survive being stored as text")
    func actorRoundTrip() {
        for actor in Self.actors {
            #expect(StageActor(stored: actor.description) == actor)
        }
    }
}
