import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("The inbox: paging and filters")
struct InboxQueryTests {
    /// The small demo company, scored and with its recent MQLs handed off, as `tandem serve --demo` does.
    private func demo(_ database: Database) async throws -> Double {
        var generator = DemoGeneratorFixture.small
        generator.leadCount = 1200
        try await database.bulkLoader.load(generator.generate(passwordHash: "h"), now: generator.until)
        _ = try await database.scoreJobs.enqueueRebuild(now: generator.until)
        try await database.scoreJobs.runNext(clock: ManualClock(generator.until))
        try await database.handOffs.adoptUntracked(now: generator.until, since: generator.until - TimeSpan.days(30))
        // Some of the adopted MQLs are past their deadline by the end of the history, some not.
        return generator.until
    }

    @Test("pages walk the whole queue in urgency order, and each filter keeps exactly what it names", arguments: TestEngine.available)
    func pagingAndFilters(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let now = try await demo(database)
            var everything = InboxQuery()
            everything.limit = 1000
            let all = try await database.handOffs.inbox(everything, now: now)
            #expect(all.total == all.items.count)
            #expect(all.total > 20, "the demo has a queue worth paging")

            var paged: [InboxItem] = []
            var query = InboxQuery()
            query.limit = 7
            while true {
                let page = try await database.handOffs.inbox(query, now: now)
                #expect(page.total == all.total)
                paged += page.items
                guard page.items.count == query.limit else { break }
                query.offset += query.limit
            }
            #expect(paged.map(\.handOff.id) == all.items.map(\.handOff.id))
            query.offset = all.total + 10
            #expect(try await database.handOffs.inbox(query, now: now).items.isEmpty)

            var overdue = everything
            overdue.overdueOnly = true
            let late = try await database.handOffs.inbox(overdue, now: now)
            #expect(late.items.map(\.handOff.id) == all.items.filter(\.isOverdue).map(\.handOff.id))
            #expect(late.total > 0 && late.total < all.total)

            // The queue reads the kept scores; a full replay of each history says the same.
            let explained = try await database.leadScores.explain(leadIds: all.items.map(\.lead.id), now: now)
            for item in all.items {
                let explanation = try #require(explained[item.lead.id])
                #expect(item.score.callNow == explanation.callNow, "lead \(item.lead.id)")
                #expect(item.score.grade == explanation.grade, "lead \(item.lead.id)")
            }
            func replayed(_ item: InboxItem) -> ScoreExplanation? { explained[item.lead.id] }

            var callNow = everything
            callNow.callNowOnly = true
            #expect(
                try await database.handOffs.inbox(callNow, now: now).items.map(\.handOff.id)
                    == all.items.filter { replayed($0)?.callNow == true }.map(\.handOff.id))

            let letters = Set(all.items.compactMap { replayed($0).map { String($0.grade.prefix(1)) } })
            #expect(letters.count > 1, "the queue holds more than one grade")
            for letter in letters {
                var graded = everything
                graded.gradeLetters = [letter]
                #expect(
                    try await database.handOffs.inbox(graded, now: now).items.map(\.handOff.id)
                        == all.items.filter { replayed($0)?.grade.hasPrefix(letter) == true }.map(\.handOff.id), "grade \(letter)")
            }

            let owner = try #require(all.items.compactMap(\.handOff.owner).first)
            var theirs = everything
            theirs.owners = [owner.uppercased()]
            #expect(
                try await database.handOffs.inbox(theirs, now: now).items.map(\.handOff.id)
                    == all.items.filter { $0.handOff.owner?.lowercased() == owner.lowercased() }.map(\.handOff.id))
            theirs.owners = []
            #expect(try await database.handOffs.inbox(theirs, now: now).total == 0, "a team with no reps has no queue")
        }
    }
}
