import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("Weeks start on Monday where the reader is")
struct WeekBoundaryTests {
    /// Monday 30 November 2026, 00:30 UTC.
    static let mondayHalfPastMidnightUTC = 1_795_998_600.0

    @Test("the same moment is in this week in Tokyo and in last week in New York")
    func zones() {
        let t = Self.mondayHalfPastMidnightUTC
        #expect(ActivityReports.weekStart(t) == t - 30 * 60)
        // Tokyo (UTC+9): Monday 09:30 local; the week began Monday 00:00 Tokyo, Sunday 15:00 UTC.
        #expect(ActivityReports.weekStart(t, utcOffset: 9 * 3600) == t - 9.5 * 3600)
        // New York (UTC−5): Sunday 19:30 local; the week began Monday 23 November 00:00 there.
        #expect(ActivityReports.weekStart(t, utcOffset: -5 * 3600) == t - 30 * 60 - 7 * 86_400 + 5 * 3600)
    }

    @Test("weekly counts bucket by the reader's weeks", arguments: TestEngine.available)
    func buckets(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let t = Self.mondayHalfPastMidnightUTC
            for (index, at) in [t - 3600, t + 60].enumerated() {
                _ = try await database.leads.create(
                    LeadInput(email: try EmailAddress("p\(index)@x.example")), actor: .system, now: at)
            }
            let utc = try await database.activityReports.newLeadsPerWeek(since: t - 14 * 86_400)
            #expect(utc.map(\.count) == [1, 1], "Sunday 23:30 and Monday 00:31 UTC fall in two UTC weeks")
            let tokyo = try await database.activityReports.newLeadsPerWeek(since: t - 14 * 86_400, utcOffset: 9 * 3600)
            #expect(tokyo.map(\.count) == [2] && tokyo.first?.weekStart == t - 9.5 * 3600, "both on Monday in Tokyo")
        }
    }
}
