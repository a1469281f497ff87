import Foundation
import SQLKit
import TandemCore

/// One write transaction with its context: the connection, the time it happens at, who acts,
/// and what the write owes before it may commit.
///
/// Writers record effects here instead of performing them: leads whose scores changed,
/// lifecycle events for the outbox, notifications and audit entries. `Database.write(now:actor:)`
/// settles them after its body, inside the same transaction, so no write path can forget
/// scoring, hand-off, the outbox or the audit, and a rollback drops them together with the
/// change they belong to. See decision 0007.
final class UnitOfWork {
    let db: any SQLDatabase
    let engine: Engine
    /// The app clock's time for this write; every row it stamps uses it unless a message
    /// carries its own time (an event's receipt).
    let now: Double
    /// Who acts, for stage changes and audit entries that do not name someone else.
    let actor: StageActor
    /// Leads whose scores this write changed; scored (and maybe handed off) when settled.
    var scores = ScoresOwed()
    /// Replay in the transaction whatever the history's length (the replay queue's last try).
    var replayInline = false

    private let models: ScoringModelCache
    private var events: [(event: LifecycleEvent, at: Double)] = []
    private var notifications: [PendingNotification] = []
    private var auditEntries: [(entry: AuditEntry, at: Double)] = []

    init(db: any SQLDatabase, engine: Engine, models: ScoringModelCache, now: Double, actor: StageActor) {
        self.db = db
        self.engine = engine
        self.models = models
        self.now = now
        self.actor = actor
    }

    /// Queues a lifecycle event for the outbox (and its webhook deliveries).
    func emit(_ event: LifecycleEvent, at: Double? = nil) {
        events.append((event, at ?? now))
    }

    /// Queues an in-app notification for `recipient`.
    func notify(_ recipient: String, _ kind: NotificationKind, leadId: Lead.ID?, message: String) {
        notifications.append(PendingNotification(recipient: recipient, kind: kind, leadId: leadId, message: message, at: now))
    }

    /// Queues an audit entry for the change this write makes.
    func audit(_ entry: AuditEntry, at: Double? = nil) {
        auditEntries.append((entry, at ?? now))
    }

    /// The scoring model in force, as this transaction sees it.
    func scoringModel() async throws -> ActiveScoringModel {
        try await models.model(on: db)
    }

    /// Scores the leads the write touched so far (which may hand some off and so add events),
    /// then writes the events, notifications and audit entries collected. A caller that reads
    /// back what scoring changed settles first; the database settles again before commit, which
    /// costs nothing when nothing is owed.
    func settle() async throws {
        if !scores.isEmpty {
            let owed = scores
            scores = ScoresOwed(deferReplays: owed.deferReplays)
            try await LeadScorer(tx: self).run(owed)
        }
        if !events.isEmpty {
            try await Outbox.append(events, on: db)
            events = []
        }
        if !notifications.isEmpty {
            try await NotificationStore.append(notifications, on: db)
            notifications = []
        }
        if !auditEntries.isEmpty {
            try await AuditTrail.append(auditEntries, on: db)
            auditEntries = []
        }
    }
}

/// What a write owes to scoring: new events to apply, leads whose history changed (and must be
/// replayed), and leads whose attributes changed (their fit).
struct ScoresOwed {
    var events: [Lead.ID: [ScoringEvent]] = [:]
    var replay: Set<Lead.ID> = []
    var refresh: Set<Lead.ID> = []
    /// Leads created in this transaction: they have no history unless `replay` says so.
    var created: Set<Lead.ID> = []
    /// Leads as the writer just stored them, so scoring need not read them back.
    var written: [Lead.ID: Lead] = [:]
    /// States computed outside the transaction from a history that has not changed since
    /// (`ScoreReplayQueue`): used instead of a replay.
    var replayed: [Lead.ID: EngagementState] = [:]
    /// Queue every replay for `ScoreReplayQueue` instead of replaying in the transaction: an
    /// import of history in any order replays each lead once at the end, not once per batch.
    var deferReplays = false

    var leadIds: Set<Lead.ID> { replay.union(refresh).union(events.keys).union(created) }
    var isEmpty: Bool { events.isEmpty && replay.isEmpty && refresh.isEmpty && created.isEmpty }

    /// Records a lead as a writer just stored it.
    mutating func wrote(_ write: LeadWrite) {
        if write.created { created.insert(write.lead.id) } else { refresh.insert(write.lead.id) }
        written[write.lead.id] = write.lead
    }
}

/// A notification waiting for its transaction to settle.
struct PendingNotification {
    let recipient: String
    let kind: NotificationKind
    let leadId: Lead.ID?
    let message: String
    let at: Double
}

extension Database {
    /// Runs `body` in one transaction as a unit of work at `now` by `actor`, and settles what it
    /// owes (scores, hand-offs, outbox, notifications, audit) before commit.
    func write<T: Sendable>(now: Double, actor: StageActor, _ body: @Sendable (UnitOfWork) async throws -> T) async throws -> T {
        try await write { db in
            let tx = UnitOfWork(db: db, engine: engine, models: scoringModelCache, now: now, actor: actor)
            let result = try await body(tx)
            try await tx.settle()
            return result
        }
    }
}
