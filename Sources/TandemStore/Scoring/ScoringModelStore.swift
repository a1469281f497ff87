import Foundation
import SQLKit
import Synchronization
import TandemCore

/// The scoring model in force, with its version. Version 0 is the built-in standard model a
/// fresh install runs until someone saves their own.
public struct ActiveScoringModel: Sendable {
    public let version: Int64
    public let compiled: CompiledScoringModel
    public var model: ScoringModel { compiled.model }
}

/// One saved version of the model.
public struct ScoringModelVersion: Sendable, Hashable {
    public let version: Int64
    public let createdAt: Double
    public let createdBy: String
}

/// A saved version with its rules.
public struct SavedScoringModel: Sendable {
    public let info: ScoringModelVersion
    public let model: ScoringModel
}

/// Keeps the compiled model of the newest version, so each ingest batch costs one indexed
/// lookup of the version number, not a parse of the document.
final class ScoringModelCache: Sendable {
    private let cached: Mutex<ActiveScoringModel?> = Mutex(nil)

    func model(on db: any SQLDatabase) async throws -> ActiveScoringModel {
        let version =
            try await db.select().column(SQLFunction("MAX", args: SQLColumn("version")), as: "version")
            .from("scoring_models").first()?.decode(column: "version", as: Int64?.self) ?? 0
        if let hit = cached.withLock({ $0 }), hit.version == version { return hit }
        let active: ActiveScoringModel
        if version == 0 {
            active = ActiveScoringModel(version: 0, compiled: try CompiledScoringModel(.standard))
        } else {
            let text = try await db.select().column("document").from("scoring_models").where("version", .equal, SQLBind(version))
                .requiredRow("scoring model \(version)").decode(column: "document", as: String.self)
            active = ActiveScoringModel(version: version, compiled: try CompiledScoringModel(ScoringModel(document: JSONValue.parse(text))))
        }
        cached.withLock { $0 = active }
        return active
    }
}

/// Saves and reads scoring models. Saving a version queues the re-scoring of every lead in
/// the same transaction, so no change of rules goes unapplied.
public struct ScoringModelStore: Sendable {
    let database: Database

    public func current() async throws -> ActiveScoringModel {
        try await database.read { db in try await database.scoringModelCache.model(on: db) }
    }

    /// Stores `model` as the next version, audits it and queues a re-score. Returns the job.
    @discardableResult
    public func save(_ model: ScoringModel, by actor: Actor, now: Double, restoring restored: Int64? = nil) async throws -> ScoreJob {
        _ = try CompiledScoringModel(model)
        let what = "\(model.fitRules.count) fit and \(model.engagementRules.count) engagement rules"
        return try await database.write { db in
            let version = try await db.insert(into: "scoring_models").columns("document", "created_at", "created_by")
                .values(SQLBind(model.document.jsonText), SQLBind(now), SQLBind(actor.name))
                .returning("version").requiredRow("a new scoring model").decode(column: "version", as: Int64.self)
            try await AuditTrail.append(
                actor.entry(
                    "scoring.model_saved", "scoring_model", String(version),
                    restored.map { "restored scoring model version \($0) as version \(version): \(what)" }
                        ?? "saved scoring model version \(version): \(what)"),
                at: now, on: db)
            return try await ScoreJobStore.enqueue(version: version, now: now, on: db)
        }
    }

    /// One saved version; version 0 is the built-in standard model. `nil` when there is no such
    /// version.
    public func version(_ version: Int64) async throws -> SavedScoringModel? {
        if version == 0 { return SavedScoringModel(info: ScoringModelVersion(version: 0, createdAt: 0, createdBy: ""), model: .standard) }
        return try await database.read { db in
            guard
                let row = try await db.select().columns("version", "created_at", "created_by", "document").from("scoring_models")
                    .where("version", .equal, SQLBind(version)).first()
            else { return nil }
            return SavedScoringModel(
                info: try Self.decodeVersion(row),
                model: try ScoringModel(document: JSONValue.parse(try row.decode(column: "document", as: String.self))))
        }
    }

    /// Saves an older version's rules as the next version, so a restore is itself a version
    /// with its author, and can be undone the same way. `nil` when there is no such version.
    public func restore(_ version: Int64, by actor: Actor, now: Double) async throws -> ScoreJob? {
        guard let saved = try await self.version(version) else { return nil }
        return try await save(saved.model, by: actor, now: now, restoring: version)
    }

    private static func decodeVersion(_ row: any SQLRow) throws -> ScoringModelVersion {
        ScoringModelVersion(
            version: try row.decode(column: "version", as: Int64.self), createdAt: try row.decode(column: "created_at", as: Double.self),
            createdBy: try row.decode(column: "created_by", as: String.self))
    }

    /// Saved versions, newest first.
    public func versions(limit: Int = 20) async throws -> [ScoringModelVersion] {
        try await database.read { db in
            try await db.select().columns("version", "created_at", "created_by").from("scoring_models").orderBy("version", .descending)
                .limit(limit).all().map(Self.decodeVersion)
        }
    }
}
