import Foundation
import SQLKit
import TandemCore

/// Failed sign-ins, kept in the database so every server behind a load balancer counts the
/// same failures. Keys are `email:ADDRESS` or `ip:ADDRESS`.
public struct SignInFailureStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The failure times of each key since `since`.
    public func failures(keys: [String], since: Double) async throws -> [String: [Double]] {
        guard !keys.isEmpty else { return [:] }
        return try await database.read { db in
            var found: [String: [Double]] = [:]
            for row in try await db.select().columns("key", "at").from("sign_in_failures")
                .where("key", .in, SQLBind.group(keys)).where("at", .greaterThan, SQLBind(since)).all()
            {
                found[try row.decode(column: "key", as: String.self), default: []].append(try row.decode(column: "at", as: Double.self))
            }
            return found
        }
    }

    /// Records a failure under each key and forgets those keys' failures older than `forgetBefore`.
    public func record(keys: [String], at: Double, forgetBefore: Double) async throws {
        try await database.write { db in
            try await db.delete(from: "sign_in_failures").where("key", .in, SQLBind.group(keys))
                .where("at", .lessThan, SQLBind(forgetBefore)).run()
            var insert = db.insert(into: "sign_in_failures").columns("key", "at")
            for key in keys { insert = insert.values(SQLBind(key), SQLBind(at)) }
            try await insert.run()
        }
    }

    /// Forgets the failures of `key`, after a successful sign-in.
    public func clear(key: String) async throws {
        try await database.write { db in
            try await db.delete(from: "sign_in_failures").where("key", .equal, SQLBind(key)).run()
        }
    }
}
