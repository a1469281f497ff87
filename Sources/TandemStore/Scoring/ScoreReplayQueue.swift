import Foundation
import SQLKit
import TandemCore

/// Replays queued leads' histories outside the write transaction.
///
/// `LeadScorer` queues a lead (its `lead_scores.replay_queued`) when its replay is too long to
/// run while holding the single writer: a late event on a long history, or history imported in
/// any order. Here each lead's history is read and replayed on a read connection, and only the
/// result is written, in a short transaction that first checks the history did not change in
/// between (its event count and newest id). A lead whose history keeps changing is replayed
/// inside the transaction on the last try, so it cannot starve.
public struct ScoreReplayQueue: Sendable {
    let database: Database

    /// Marks `ids` as waiting for a replay (rows are created for leads never scored).
    static func enqueue(_ ids: Set<Lead.ID>, now: Double, on db: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        var insert = db.insert(into: "lead_scores").columns(
            "lead_id", "model_version", "fit", "engagement", "engagement_as_of", "state", "updated_at", "replay_queued")
        for id in ids.sorted() {
            // Version -1: a row made here holds no state worth reading until the replay.
            insert = insert.values(
                SQLBind(id), SQLBind(-1 as Int64), SQLBind(0.0), SQLBind(0.0), SQLLiteral.null, SQLBind("{}"), SQLBind(now), SQLBind(true))
        }
        try await insert.onConflict(with: ["lead_id"]) { $0.set("replay_queued", to: SQLBind(true)) }.run()
    }

    /// How many leads wait for a replay.
    public func pending() async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("lead_scores")
                .where("replay_queued", .equal, SQLBind(true)).requiredRow("the replay queue's length").decode(column: "n", as: Int.self)
        }
    }

    /// Replays up to `limit` queued leads; returns how many were settled.
    @discardableResult
    public func runNext(clock: any WallClock, limit: Int = 200) async throws -> Int {
        let ids = try await database.read { db in
            try await db.select().column("lead_id").from("lead_scores").where("replay_queued", .equal, SQLBind(true))
                .orderBy("lead_id").limit(limit).all().map { try $0.leadID() }
        }
        guard !ids.isEmpty else { return 0 }
        var waiting = ids
        for attempt in 1...3 where !waiting.isEmpty {
            let pending = waiting
            // Read and replay without holding the writer.
            let (version, lengths, states) = try await database.read { db in
                let model = try await database.scoringModelCache.model(on: db)
                let lengths = try await ScoringHistory.lengths(leadIds: pending, on: db)
                let histories = try await ScoringHistory.load(
                    leadIds: pending, readProperties: model.compiled.readsEventProperties,
                    readCampaign: model.compiled.readsEventCampaign, on: db)
                var states: [Lead.ID: EngagementState] = [:]
                for id in pending { states[id] = EngagementState.replay(histories[id] ?? [], model.compiled).state }
                return (model.version, lengths.mapValues { [Int64(clamping: $0.count), $0.newest] }, states)
            }
            let lastTry = attempt == 3
            waiting = try await database.write(now: clock.now(), actor: .system) { tx in
                let db = tx.db
                // Unchanged: the same events (count and newest id) under the same model.
                let sameModel = try await database.scoringModelCache.model(on: db).version == version
                let current = try await ScoringHistory.lengths(leadIds: pending, on: db).mapValues {
                    [Int64(clamping: $0.count), $0.newest]
                }
                let unchanged = sameModel ? pending.filter { current[$0] == lengths[$0] } : []
                tx.scores.replay.formUnion(lastTry ? pending : unchanged)
                for id in unchanged { tx.scores.replayed[id] = states[id] }
                tx.replayInline = lastTry
                return lastTry ? [] : pending.filter { !unchanged.contains($0) }
            }
        }
        return ids.count
    }

    /// Replays every queued lead (after `tandem import events`); `progress` hears how many are left.
    public func drain(clock: any WallClock, progress: (Int) -> Void = { _ in }) async throws {
        while try await runNext(clock: clock, limit: 500) > 0 {
            progress(try await pending())
        }
    }
}
