import SQLKit
import TandemCore

/// Routing within one transaction: the hand-off settings, the business calendar, the router and
/// the reps with today's counts, loaded once; `finish` saves the round-robin credits that moved.
final class RoutingSession {
    let configuration: HandOffConfiguration
    let calendar: BusinessCalendar
    private let router: LeadRouter
    private(set) var reps: [Rep]
    private let startCredits: [String: Int]

    init(on db: any SQLDatabase, now: Double) async throws {
        configuration = try await HandOffSettingsStore.load(on: db)
        calendar = configuration.handOff.calendar(timeZone: configuration.timeZone)
        // Saved territories were checked when saved; an unreadable one routes as if absent.
        router = (try? LeadRouter(territories: configuration.handOff.territories)) ?? LeadRouter()
        reps = try await RepRoster.load(on: db, dayStart: calendar.startOfDay(containing: now))
        startCredits = Dictionary(reps.map { ($0.email, $0.credit) }, uniquingKeysWith: { first, _ in first })
    }

    var settings: HandOffSettings { configuration.handOff }

    /// Routes one lead; `excluding` sits out (a reassignment goes to someone else).
    func route(_ subject: FitSubject, accountOwner: String?, excluding: String? = nil) -> RoutingDecision {
        let excluded = excluding?.lowercased()
        let candidates = reps.filter { $0.email.lowercased() != excluded }
        let decision = router.route(subject, accountOwner: accountOwner, reps: candidates)
        for rep in decision.reps { if let index = reps.firstIndex(where: { $0.email == rep.email }) { reps[index] = rep } }
        return decision
    }

    /// The SLA deadline and the reassignment time of a hand-off assigned at `now`.
    func deadlines(from now: Double) -> (due: Double, reassignAt: Double?) {
        (
            calendar.deadline(after: now, hours: settings.slaHours),
            settings.reassignAfterHours.map { calendar.deadline(after: now, hours: $0) }
        )
    }

    func finish(on db: any SQLDatabase) async throws {
        let moved = reps.filter { startCredits[$0.email] != $0.credit }
        if !moved.isEmpty { try await RepRoster.saveCredits(moved, on: db) }
    }
}

extension FitSubject {
    /// The lead with the account facts fit rules read.
    init(lead: Lead, account: AccountFacts?) {
        self.init(lead: lead, accountName: account?.name, accountIndustry: account?.industry, accountSize: account?.size)
    }
}
