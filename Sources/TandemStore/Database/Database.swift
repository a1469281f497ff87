import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization
import TandemCore

/// The two engines Tandem runs on. Code branches on this only where they truly differ.
public enum Engine: String, Sendable {
    case sqlite
    case postgres
}

/// Tandem's storage: one SQLKit implementation over SQLite or PostgreSQL.
///
/// `read` hands out a connection; `write` runs its body in a transaction that commits when the
/// body returns and rolls back when it throws, so a failed write leaves nothing half-written.
public final class Database: Sendable {
    public let engine: Engine
    public let url: DatabaseURL
    private let backend: Backend
    private let closed = Mutex(false)
    /// Groups concurrent tracking batches into shared transactions.
    let ingestQueue = IngestQueue()
    /// The compiled scoring model in force, refreshed when a new version is saved.
    let scoringModelCache = ScoringModelCache()

    private enum Backend: Sendable {
        case sqlite(writer: AsyncPool<SQLiteConnection>, readers: AsyncPool<SQLiteConnection>)
        case postgres(client: PostgresClient, runner: Task<Void, Never>)
    }

    /// Opens (and for SQLite creates) the database at `url`.
    public static func open(_ url: DatabaseURL, logger: Logger = Logger(label: "tandem.store")) async throws -> Database {
        switch url {
        case .sqlite(let path):
            func connect() async throws -> SQLiteConnection {
                let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                // A second connection may meet a writer mid-transaction: wait instead of failing.
                _ = try await connection.query("PRAGMA busy_timeout = 10000")
                _ = try await connection.query("PRAGMA foreign_keys = ON")
                return connection
            }
            let writer = try await connect()
            _ = try await writer.query("PRAGMA journal_mode = WAL")
            // FULL: a committed transaction survives power loss; acknowledged events are never lost.
            _ = try await writer.query("PRAGMA synchronous = FULL")
            // 32 MiB of page cache for the writer (the default is 2 MiB): index pages of a
            // million-lead table stay in memory, so writes do not slow down as the data grows.
            _ = try await writer.query("PRAGMA cache_size = -32768")
            // `optimize` samples this many rows per index: statistics stay cheap at any size.
            _ = try await writer.query("PRAGMA analysis_limit = 1000")
            var readers: [SQLiteConnection] = []
            for _ in 0..<3 { readers.append(try await connect()) }
            return Database(
                engine: .sqlite, url: url,
                backend: .sqlite(writer: AsyncPool([writer]), readers: AsyncPool(readers)))
        case .postgres(let host, let port, let username, let password, let database, let tlsMode):
            let tls = try PostgresTLS(mode: tlsMode)
            // One direct connection first: a wrong address or password fails at once with the
            // server's reason, instead of after the pool's minute of retries.
            do {
                let probe = try await PostgresConnection.connect(
                    configuration: .init(
                        host: host, port: port, username: username, password: password, database: database, tls: tls.connection),
                    id: 0, logger: logger)
                try await probe.close()
            } catch {
                throw DatabaseError.unavailable("cannot connect to \(url): \(Self.reason(error))")
            }
            var configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: tls.client)
            configuration.options.maximumConnections = 16
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            // The pool runs from here, not in the server's service group: migrations and the
            // demo load need it before the group starts. The server's `DatabaseService` closes
            // it, last, when the group shuts down.
            let (started, signal) = AsyncStream<Void>.makeStream()
            let runner = Task {
                signal.finish()
                await client.run()
            }
            for await _ in started {}
            return Database(engine: .postgres, url: url, backend: .postgres(client: client, runner: runner))
        }
    }

    /// A PostgreSQL error's own words: its description hides them to avoid leaking data.
    private static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return String(describing: underlying) }
        return String(reflecting: error)
    }

    private init(engine: Engine, url: DatabaseURL, backend: Backend) {
        self.engine = engine
        self.url = url
        self.backend = backend
    }

    /// Runs `body` on a connection for reading.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try checkOpen()
        return try await classifyingErrors {
            switch backend {
            case .sqlite(_, let readers):
                return try await readers.with { connection in try await body(connection.sql(queryLogLevel: nil)) }
            case .postgres(let client, _):
                return try await client.withConnection { connection in try await body(connection.sql(queryLogLevel: nil)) }
            }
        }
    }

    /// Runs `body` in one transaction: all of it is stored, or none of it.
    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try checkOpen()
        return try await classifyingErrors {
            switch backend {
            case .sqlite(let writer, _):
                return try await writer.with { connection in
                    // IMMEDIATE takes the write lock up front, so the transaction cannot fail half-way on a lock.
                    try await transaction(connection.sql(queryLogLevel: nil), begin: "BEGIN IMMEDIATE", body)
                }
            case .postgres(let client, _):
                return try await client.withConnection { connection in
                    try await transaction(connection.sql(queryLogLevel: nil), begin: "BEGIN", body)
                }
            }
        }
    }

    /// Refreshes the statistics SQLite's query planner chooses indexes by, for the tables whose
    /// size changed enough (PostgreSQL's autovacuum does this on its own). Without them, a
    /// filter and a sort over a million leads may walk the wrong index.
    public func optimize() async throws {
        guard engine == .sqlite else { return }
        try await write { db in try await db.raw("PRAGMA optimize = 0x10002").run() }
    }

    /// Turns "try again later" failures of either engine into `DatabaseError.unavailable`.
    private func classifyingErrors<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch  where TransientErrors.isTransient(error) {
            throw DatabaseError.unavailable("\(url) is unavailable: \(String(describing: error))")
        }
    }

    private func checkOpen() throws {
        if closed.withLock({ $0 }) { throw DatabaseError.unavailable("the database \(url) is closed") }
    }

    private func transaction<T: Sendable>(
        _ db: any SQLDatabase, begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await db.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            return result
        } catch {
            // The body's error is the one to report; a rollback that fails means the connection
            // is gone, and the transaction ended with it.
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Finishes the ingest batches already submitted, then closes every connection; later calls
    /// do nothing.
    public func close() async {
        await ingestQueue.idle()
        let alreadyClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        if alreadyClosed { return }
        switch backend {
        case .sqlite(let writer, let readers):
            // Closing at shutdown: a connection that fails to close is gone anyway.
            for connection in writer.all + readers.all { try? await connection.close() }
        case .postgres(_, let runner):
            runner.cancel()
            _ = await runner.result
        }
    }
}

/// Storage failures that callers treat differently from bugs.
public enum DatabaseError: Error, CustomStringConvertible {
    /// The database cannot be reached; the caller may retry later.
    case unavailable(String)
    /// A statement that always yields a row (an INSERT … RETURNING, a COUNT) yielded none.
    case missingRow(String)
    /// A stored value that no version of Tandem writes (an unknown status or topic).
    case corrupt(String)

    public var description: String {
        switch self {
        case .corrupt(let what): return "the database holds an unreadable \(what)"
        case .unavailable(let why): return why
        case .missingRow(let what): return "the database returned no row for \(what)"
        }
    }
}

/// A model stored as one table row, whose coding keys are its column names: one list names the
/// columns a query selects and the fields a row decodes into. Enums decode from their raw
/// values, so a value no enum knows fails the read instead of being guessed. (SQLKit's
/// `convertFromSnakeCase` would spare the keys, but converts every key of every row: it made
/// the accounts list half as fast again.)
protocol TableRow: Decodable {
    associatedtype CodingKeys: CodingKey, CaseIterable, RawRepresentable<String>
}

extension TableRow {
    /// The columns to select, in declaration order.
    static var columns: [SQLColumn] { CodingKeys.allCases.map { SQLColumn($0.rawValue) } }

    /// The columns qualified by their table, for a join.
    static func columns(table: String) -> [SQLColumn] { CodingKeys.allCases.map { SQLColumn($0.rawValue, table: table) } }

    static func decode(_ row: any SQLRow) throws -> Self {
        try row.decode(model: Self.self)
    }
}

extension SQLRow {
    /// A typed id, read as the integer it is (the generic decoder would take the slow path).
    func id<Entity>(_ column: String = "id", of entity: Entity.Type = Entity.self) throws -> EntityID<Entity> {
        EntityID(try decode(column: column, as: Int64.self))
    }

    func optionalID<Entity>(_ column: String, of entity: Entity.Type = Entity.self) throws -> EntityID<Entity>? {
        try decode(column: column, as: Int64?.self).map { EntityID(rawValue: $0) }
    }

    /// A lead's id from its column (`lead_id` unless named).
    func leadID(_ column: String = "lead_id") throws -> Lead.ID {
        try id(column)
    }

    func optionalLeadID(_ column: String = "lead_id") throws -> Lead.ID? {
        try optionalID(column)
    }
}

extension SQLQueryFetcher {
    /// The first row, for statements that always yield one; a missing row is an error to
    /// report, never a reason to stop the process.
    func requiredRow(_ what: String) async throws -> any SQLRow {
        guard let row = try await first() else { throw DatabaseError.missingRow(what) }
        return row
    }
}
