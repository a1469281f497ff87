import Foundation
import TandemCore
import TandemStore
import Testing

@testable import TandemDemo

@Suite("Demo generator")
struct DemoGeneratorTests {
    static let until = 1_795_000_000.0
    static let full = DemoGenerator(seed: 42, until: until).generate(passwordHash: "hash")

    @Test("the same seed and end give the same company; another seed gives another")
    func deterministic() {
        var small = DemoGenerator(seed: 42, until: Self.until)
        small.leadCount = 400
        let a = small.generate(passwordHash: "h")
        let b = small.generate(passwordHash: "h")
        #expect(a.leads.map(\.lead) == b.leads.map(\.lead))
        #expect(a.events.map(\.messageId) == b.events.map(\.messageId))
        #expect(a.events.map(\.occurredAt) == b.events.map(\.occurredAt))
        var other = small
        other = DemoGenerator(seed: 43, until: Self.until)
        other.leadCount = 400
        #expect(other.generate(passwordHash: "h").leads.map(\.lead.email) != a.leads.map(\.lead.email))
    }

    @Test("it is the size the demo promises: ~5,000 leads, ~800 accounts, ~200,000 events, two teams")
    func size() {
        let data = Self.full
        #expect(data.leads.count == 5_000)
        #expect(data.accounts.count == 800)
        #expect((180_000...230_000).contains(data.events.count))
        #expect((24...60).contains(data.interviews.count))
        #expect(Set(data.users.map(\.role)) == [.admin, .marketing, .sales])
        #expect(data.users.filter { $0.role == .sales }.count >= 4)
    }

    @Test("every lead is valid, unique by email, and its stage history obeys the lifecycle rules")
    func consistent() throws {
        let data = Self.full
        let emails = data.leads.compactMap(\.lead.email)
        #expect(Set(emails.map { $0.lowercased() }).count == emails.count)
        for email in emails.prefix(500) { _ = try EmailAddress(email) }
        let byLead = Dictionary(grouping: data.stageChanges, by: \.leadId)
        for seed in data.leads {
            let history = try #require(byLead[seed.lead.id])
            #expect(history.last?.change.to == seed.lead.stage)
            for step in history {
                #expect(
                    StageTransitions.isAllowed(
                        from: step.change.from, to: step.change.to, actor: step.change.actor, reason: step.change.reason),
                    "lead \(seed.lead.id): \(String(describing: step.change.from)) → \(step.change.to)")
            }
        }
        let start = Self.until - 6 * 30.4 * 86_400 - 86_400
        #expect(data.events.allSatisfy { $0.occurredAt <= Self.until && $0.occurredAt >= start })
        #expect(Set(data.events.map(\.messageId)).count == data.events.count)
    }

    @Test("the funnel looks like a real one: each stage smaller than the one before")
    func believableFunnel() {
        let reached = Dictionary(grouping: Self.full.stageChanges, by: \.change.to).mapValues { Set($0.map(\.leadId)).count }
        let mql = reached[.mql] ?? 0
        let sql = reached[.sql] ?? 0
        let customers = reached[.customer] ?? 0
        #expect(mql > 1_000 && mql < 3_000)
        #expect(sql < mql && customers < sql && customers > 30)
        #expect((reached[.disqualified] ?? 0) + (reached[.recycled] ?? 0) > 100)
        let campaigns = Set(Self.full.events.compactMap(\.campaign.name))
        #expect(campaigns.count >= 8)
    }
}
