import ArgumentParser
import Foundation
import TandemCore
import TandemDemo
import TandemServer
import TandemStore

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill an empty database with the demo company: two teams, six months of leads, accounts, events and interviews.")
    @Option(help: "Seed of the generator; the same seed and --until give the same data") var seed: UInt64 = 42
    @Option(help: "Last day of the history, YYYY-MM-DD (default: today)") var until: String?
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let configuration = try options.configuration()
        let logger = CommandLog.bootstrap(configuration)
        let end = try DemoData.endOfHistory(until)
        let summary = try await options.withDatabase(logger: logger) { database in
            try await DemoData.load(into: database, seed: seed, until: end, bcryptCost: configuration.bcryptCost)
        }
        print(summary.description)
        print(DemoData.signIns)
    }
}

/// Loading the demo, shared by `tandem demo` and `tandem serve --demo`.
enum DemoData {
    struct Summary: CustomStringConvertible {
        let users, accounts, leads, events, stageChanges, interviews: Int
        let seconds: Double

        var description: String {
            "Loaded the demo company in \(String(format: "%.1f", seconds)) s: \(users) users, \(accounts) accounts, \(leads) leads, "
                + "\(events) events, \(stageChanges) stage changes, \(interviews) interviews."
        }
    }

    static let signIns = """
        Sign in with the password '\(DemoGenerator.password)' as
          \(DemoGenerator.adminEmail)  (admin)
          \(DemoGenerator.marketingEmail)  (marketing)
          \(DemoGenerator.salesEmail)  (sales)
          \(DemoGenerator.teamLeadEmail)  (sales, team lead)
        """

    /// The end of the history: the given day's end, or now rounded down to the hour so the data
    /// reads as current and stays the same within the hour.
    static func endOfHistory(_ day: String?) throws -> Double {
        guard let day else { return (Date().timeIntervalSince1970 / TimeSpan.hour).rounded(.down) * TimeSpan.hour }
        guard let start = Timestamp.parse(day + "T00:00:00Z") else {
            throw TandemCore.ValidationError(code: "invalid_value", field: "until", message: "'\(day)' is not a date as YYYY-MM-DD")
        }
        return start + TimeSpan.day - 1
    }

    static func load(into database: Database, seed: UInt64, until: Double, bcryptCost: UInt8) async throws -> Summary {
        let started = Date()
        let hash = try await PasswordHasher(cost: bcryptCost).hash(DemoGenerator.password)
        let data = DemoGenerator(seed: seed, until: until).generate(passwordHash: hash)
        try await database.bulkLoader.load(data, now: SystemClock().now())
        // Scores for every lead under the standard model (handing off the leads that are ready),
        // and hand-offs for the MQLs of the history's last two weeks, so the inbox has work in it.
        let clock = ManualClock(until)
        _ = try await database.scoreJobs.enqueueRebuild(now: until)
        try await database.scoreJobs.runNext(clock: clock, chunkSize: 1000)
        try await database.handOffs.adoptUntracked(now: until, since: until - TimeSpan.days(14))
        return Summary(
            users: data.users.count, accounts: data.accounts.count, leads: data.leads.count, events: data.events.count,
            stageChanges: data.stageChanges.count, interviews: data.interviews.count, seconds: Date().timeIntervalSince(started))
    }
}
