import Foundation
import Logging
import ServiceLifecycle
import TandemCore
import TandemStore

/// The server's own work between requests: re-scoring after a rule change, the SLA clock,
/// folding the kept lead counts and webhook delivery. Every step keeps its state in the database, so any number of servers may
/// run it side by side, and a restart loses nothing.
public struct BackgroundWork: Service {
    let jobs: ScoreJobStore
    let replays: ScoreReplayQueue
    let tallies: LeadTallies
    let database: Database
    let sla: SLAMonitor
    let deliverer: WebhookDeliverer
    let clock: any WallClock
    let interval: Duration
    let logger: Logger

    public init(
        database: Database, clock: any WallClock, interval: Duration = .seconds(1),
        webhookPolicy: WebhookTargetPolicy = WebhookTargetPolicy(), logger: Logger
    ) {
        self.jobs = database.scoreJobs
        self.replays = database.scoreReplays
        self.tallies = database.leadTallies
        self.database = database
        self.sla = database.slaMonitor
        self.deliverer = WebhookDeliverer(store: database.webhooks, clock: clock, policy: webhookPolicy, logger: logger)
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var lastSLACheck = 0.0
        var lastOptimize = 0.0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await step("re-scoring") { try await jobs.runNext(clock: clock) }
            await step("score replays") { try await replays.runNext(clock: clock) }
            await step("lead counts") { try await tallies.compact() }
            await step("webhook delivery") { try await deliverer.deliverDue() }
            if clock.now() - lastSLACheck >= 15 {
                lastSLACheck = clock.now()
                await step("SLA check") { try await sla.check(now: clock.now()) }
            }
            if clock.now() - lastOptimize >= TimeSpan.hours(1) {
                lastOptimize = clock.now()
                await step("planner statistics") { try await database.optimize() }
            }
            // The sleep throws only when the service is cancelled; the loop then ends.
            try? await Task.sleep(for: interval)
        }
    }

    /// One step's failure (a database restarting, say) is logged and retried on the next turn.
    private func step<T>(_ name: String, _ work: () async throws -> T) async {
        do {
            _ = try await work()
        } catch {
            logger.error("background \(name) failed", metadata: ["error": "\(error)"])
        }
    }
}
