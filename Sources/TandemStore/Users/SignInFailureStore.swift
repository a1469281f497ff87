import Foundation
import SQLKit
import TandemCore

/// Failed sign-ins, kept in the database so every server behind a load balancer counts the
/// same failures. Keys are `email:ADDRESS` or `ip:ADDRESS`.
public struct SignInFailureStore: Sendable {
    let database: Database

    /// Checks and records an attempt in one transaction, so concurrent attempts cannot all pass
    /// the check before any of them is counted. `decide` reads each key's failures (attempts in
    /// flight included) since `since` and returns the seconds to wait, or `nil` to go ahead; then
    /// the attempt is written under every key at `at`, and stays a failure unless `release`d.
    public func reserve(
        keys: [String], since: Double, at: Double, decide: @escaping @Sendable ([String: [Double]]) -> Double?
    ) async throws -> Double? {
        guard !keys.isEmpty else { return nil }
        return try await database.write { db in
            if db.dialect.name == "postgresql" {
                // Rows that do not exist yet cannot be locked: serialise attempts on each key instead.
                for key in keys.sorted() {
                    try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run()
                }
            }
            var found: [String: [Double]] = [:]
            for row in try await db.select().columns("key", "at").from("sign_in_failures")
                .where("key", .in, SQLBind.group(keys)).where("at", .greaterThan, SQLBind(since)).all()
            {
                found[try row.decode(column: "key", as: String.self), default: []].append(try row.decode(column: "at", as: Double.self))
            }
            if let wait = decide(found) { return wait }
            try await db.delete(from: "sign_in_failures").where("key", .in, SQLBind.group(keys))
                .where("at", .lessThan, SQLBind(since)).run()
            var insert = db.insert(into: "sign_in_failures").columns("key", "at")
            for key in keys { insert = insert.values(SQLBind(key), SQLBind(at)) }
            try await insert.run()
            return nil
        }
    }

    /// Takes back the attempt `reserve` recorded at `at` under `keys` (it succeeded).
    public func release(keys: [String], at: Double) async throws {
        guard !keys.isEmpty else { return }
        try await database.write { db in
            try await db.delete(from: "sign_in_failures").where("key", .in, SQLBind.group(keys)).where("at", .equal, SQLBind(at)).run()
        }
    }

    /// Forgets the failures of `key`, after a successful sign-in.
    public func clear(key: String) async throws {
        try await database.write { db in
            try await db.delete(from: "sign_in_failures").where("key", .equal, SQLBind(key)).run()
        }
    }
}
